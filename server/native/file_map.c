// Maps a file into memory, shared with the page cache, for the update journal
// (src/store/UpdateJournal.ts). Bytes copied into the mapping are in the page
// cache at once, so they survive a killed process like a write() does, without
// a system call per append. Node has no mmap of its own.
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <node_api.h>

#define THROW_ERRNO(env, what, err)                                   \
  do {                                                                 \
    char message[160];                                                 \
    snprintf(message, sizeof message, "%s: %s", what, strerror(err)); \
    napi_throw_error(env, NULL, message);                              \
    return NULL;                                                       \
  } while (0)

static void unmap_on_release(napi_env env, void* data, void* hint) {
  (void)env;
  munmap(data, (size_t)(uintptr_t)hint);
}

// map(fd, length): an ArrayBuffer over the first `length` bytes of the file,
// read-write and shared. The file's blocks are allocated first, so a full disk
// is an error here rather than a SIGBUS on a later store into a hole.
static napi_value map_file(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  int32_t fd = -1;
  int64_t length = 0;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 2 ||
      napi_get_value_int32(env, argv[0], &fd) != napi_ok || napi_get_value_int64(env, argv[1], &length) != napi_ok ||
      fd < 0 || length <= 0) {
    napi_throw_type_error(env, NULL, "map(fd, length) needs an open file descriptor and a positive length");
    return NULL;
  }
  int err = posix_fallocate(fd, 0, (off_t)length);
  if (err != 0) THROW_ERRNO(env, "allocating the mapped file", err);
  void* data = mmap(NULL, (size_t)length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (data == MAP_FAILED) THROW_ERRNO(env, "mapping the file", errno);
  napi_value buffer;
  if (napi_create_external_arraybuffer(env, data, (size_t)length, unmap_on_release, (void*)(uintptr_t)length, &buffer) != napi_ok) {
    munmap(data, (size_t)length);
    napi_throw_error(env, NULL, "could not wrap the mapped file in an ArrayBuffer");
    return NULL;
  }
  return buffer;
}

// unmap(buffer): detaches the ArrayBuffer, so every view of it is empty from
// now on; the mapping is released with it.
static napi_value unmap_file(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  bool is_arraybuffer = false;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1 ||
      napi_is_arraybuffer(env, argv[0], &is_arraybuffer) != napi_ok || !is_arraybuffer) {
    napi_throw_type_error(env, NULL, "unmap(buffer) needs the ArrayBuffer that map returned");
    return NULL;
  }
  if (napi_detach_arraybuffer(env, argv[0]) != napi_ok) {
    napi_throw_error(env, NULL, "could not detach the mapped ArrayBuffer");
    return NULL;
  }
  return NULL;
}

// The one argument of lockExclusive and unlock: an open file descriptor. Throws
// and returns false when it is not one.
static bool fd_argument(napi_env env, napi_callback_info info, const char* usage, int32_t* fd) {
  size_t argc = 1;
  napi_value argv[1];
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1 ||
      napi_get_value_int32(env, argv[0], fd) != napi_ok || *fd < 0) {
    napi_throw_type_error(env, NULL, usage);
    return false;
  }
  return true;
}

// lockExclusive(fd): takes an exclusive lock on the open file, or throws when
// another open file holds one. A second server on the same data directory
// would otherwise truncate the file under the first one's mapping.
static napi_value lock_exclusive(napi_env env, napi_callback_info info) {
  int32_t fd;
  if (!fd_argument(env, info, "lockExclusive(fd) needs an open file descriptor", &fd)) return NULL;
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    if (err == EWOULDBLOCK) {
      napi_throw_error(env, "ELOCKED", "the file is locked by another process (or another open of it)");
      return NULL;
    }
    THROW_ERRNO(env, "locking the file", err);
  }
  return NULL;
}

// unlock(fd): gives the lock back. Closing the descriptor is not enough while
// a detached mapping of the file still waits for the garbage collector.
static napi_value unlock(napi_env env, napi_callback_info info) {
  int32_t fd;
  if (!fd_argument(env, info, "unlock(fd) needs an open file descriptor", &fd)) return NULL;
  if (flock(fd, LOCK_UN) != 0) THROW_ERRNO(env, "unlocking the file", errno);
  return NULL;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_property_descriptor methods[] = {
      {"map", NULL, map_file, NULL, NULL, NULL, napi_enumerable, NULL},
      {"unmap", NULL, unmap_file, NULL, NULL, NULL, napi_enumerable, NULL},
      {"lockExclusive", NULL, lock_exclusive, NULL, NULL, NULL, napi_enumerable, NULL},
      {"unlock", NULL, unlock, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, sizeof methods / sizeof methods[0], methods);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
