import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../src/store/SqliteStore.js';
import { describeStoreContract } from './store.contract.js';

// A real file in a fresh temp directory (not ':memory:'): durability is checked by
// opening a second connection on the same file.
describeStoreContract('SqliteStore', async ({ now }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'board-store-'));
  const filename = path.join(dir, 'board.sqlite');
  const opened: SqliteStore[] = [];
  const open = (): SqliteStore => {
    const store = new SqliteStore({ filename, now });
    opened.push(store);
    return store;
  };
  return {
    store: open(),
    async reopen() {
      return open();
    },
    async cleanup() {
      for (const store of opened.splice(0)) await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
