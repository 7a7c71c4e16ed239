import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../src/store/SqliteStore.js';
import { describeStoreContract } from './store.contract.js';
import { copyStoreFiles } from './helpers/storeFiles.js';

// A real file in a fresh temp directory (not ':memory:'). Durability is checked on a
// copy of the files as they are at that moment, what a crash then would leave, opened
// as the next start would: the journal is locked by the store that has it open, as
// only one server may run on a data directory.
describeStoreContract('SqliteStore', async ({ now }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'board-store-'));
  const filename = path.join(dir, 'board.sqlite');
  const opened: SqliteStore[] = [];
  let copies = 0;
  const open = (file: string): SqliteStore => {
    const store = new SqliteStore({ filename: file, now });
    opened.push(store);
    return store;
  };
  return {
    store: open(filename),
    async reopen() {
      const copy = path.join(dir, `copy-${++copies}.sqlite`);
      copyStoreFiles(filename, copy);
      return open(copy);
    },
    async cleanup() {
      for (const store of opened.splice(0)) await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
