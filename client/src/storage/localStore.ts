/**
 * localStorage that may be missing or throw (private mode, blocked storage,
 * full quota): reads then give null and writes are dropped, the app goes on.
 */
export interface KeyValueStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
}

export function browserStore(): KeyValueStore {
  let storage: Storage | null = null;
  try {
    storage = window.localStorage;
  } catch {
    storage = null;
  }
  return {
    get(key) {
      try {
        return storage?.getItem(key) ?? null;
      } catch {
        return null;
      }
    },
    set(key, value) {
      try {
        storage?.setItem(key, value);
      } catch {
        // Not persisted; nothing depends on it surviving a reload.
      }
    },
  };
}
