import fs from 'node:fs';

/**
 * Copies an SQLite store's files (database, WAL and, unless left out, the update
 * journal) from `from` to `to`, as they are this moment: what a crash now would
 * leave, for another store to open. The journal cannot be opened twice at once.
 */
export function copyStoreFiles(from: string, to: string, options: { journal?: boolean } = {}): void {
  const suffixes = options.journal === false ? ['', '-wal'] : ['', '-wal', '.updates.log'];
  for (const suffix of suffixes) {
    if (fs.existsSync(`${from}${suffix}`)) fs.copyFileSync(`${from}${suffix}`, `${to}${suffix}`);
  }
}
