import { createRequire } from 'node:module';

/** The native addon built from native/file_map.c at install. */
export interface FileMapAddon {
  /** The first `length` bytes of an open file, mapped read-write and shared; its blocks are allocated first. */
  map(fd: number, length: number): ArrayBuffer;
  /** Releases a mapping; every view of the buffer is empty from then on. */
  unmap(buffer: ArrayBuffer): void;
  /** Locks the open file for this open of it alone; throws (code ELOCKED) when another open holds the lock. */
  lockExclusive(fd: number): void;
  /** Gives the lock back (closing is not enough while a released mapping still holds the file open). */
  unlock(fd: number): void;
}

let loaded: FileMapAddon | null | undefined;

/** The addon, or null when it was not built (no C compiler at install time) or cannot load here. */
export function fileMapAddon(): FileMapAddon | null {
  if (loaded === undefined) {
    try {
      // Same path from src/store (tests) and dist/store (the built server).
      loaded = createRequire(import.meta.url)('../../build/Release/file_map.node') as FileMapAddon;
    } catch {
      loaded = null;
    }
  }
  return loaded;
}
