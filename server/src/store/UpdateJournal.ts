import fs from 'node:fs';
import { crc32 } from 'node:zlib';
import { fileMapAddon, type FileMapAddon } from './fileMapAddon.js';

/** One appended update, with the sequence number the store gave it. */
export interface JournalRecord {
  seq: number;
  roomId: string;
  createdAt: number;
  data: Uint8Array;
}

/** length of the body (u32) + CRC-32 of the body (u32) */
const RECORD_HEADER_BYTES = 8;
/** seq (f64) + createdAt (f64) + room id length (u16) */
const BODY_FIXED_BYTES = 18;

/** Encodes batches of records. Room ids are encoded once each: appending is on the path of every update relayed. */
class RecordEncoder {
  private readonly roomIds = new Map<string, Buffer>();

  byteLength(records: readonly JournalRecord[]): number {
    let total = 0;
    for (const record of records) total += RECORD_HEADER_BYTES + BODY_FIXED_BYTES + this.roomIdBytes(record.roomId).byteLength + record.data.byteLength;
    return total;
  }

  /** Writes the records into `out` from `offset`; `out` must have room for `byteLength(records)` bytes. */
  encodeInto(records: readonly JournalRecord[], out: Buffer, offset: number): void {
    for (const record of records) {
      const roomId = this.roomIdBytes(record.roomId);
      const bodyStart = offset + RECORD_HEADER_BYTES;
      let at = bodyStart;
      at = out.writeDoubleLE(record.seq, at);
      at = out.writeDoubleLE(record.createdAt, at);
      at = out.writeUInt16LE(roomId.byteLength, at);
      out.set(roomId, at);
      at += roomId.byteLength;
      out.set(record.data, at);
      at += record.data.byteLength;
      out.writeUInt32LE(at - bodyStart, offset);
      out.writeUInt32LE(crc32(out.subarray(bodyStart, at)), offset + 4);
      offset = at;
    }
  }

  private roomIdBytes(roomId: string): Buffer {
    let bytes = this.roomIds.get(roomId);
    if (!bytes) {
      // Rooms come and go over a server's life; the cache is for the ones open now.
      if (this.roomIds.size >= 10_000) this.roomIds.clear();
      bytes = Buffer.from(roomId, 'utf8');
      this.roomIds.set(roomId, bytes);
    }
    return bytes;
  }
}

/** The complete, intact records at the start of `bytes`, and where they end. */
function decodeRecords(bytes: Buffer): { records: JournalRecord[]; validBytes: number } {
  const records: JournalRecord[] = [];
  let offset = 0;
  while (offset + RECORD_HEADER_BYTES <= bytes.byteLength) {
    const bodyLength = bytes.readUInt32LE(offset);
    const bodyStart = offset + RECORD_HEADER_BYTES;
    const bodyEnd = bodyStart + bodyLength;
    // A record cut short or damaged by a crash during its write ends the journal.
    if (bodyLength < BODY_FIXED_BYTES || bodyEnd > bytes.byteLength) break;
    const body = bytes.subarray(bodyStart, bodyEnd);
    if (crc32(body) !== bytes.readUInt32LE(offset + 4)) break;
    const roomIdLength = body.readUInt16LE(16);
    if (BODY_FIXED_BYTES + roomIdLength > bodyLength) break;
    records.push({
      seq: body.readDoubleLE(0),
      createdAt: body.readDoubleLE(8),
      roomId: body.toString('utf8', BODY_FIXED_BYTES, BODY_FIXED_BYTES + roomIdLength),
      // Copied: the file's buffer is dropped once the records are read.
      data: Uint8Array.prototype.slice.call(body, BODY_FIXED_BYTES + roomIdLength),
    });
    offset = bodyEnd;
  }
  return { records, validBytes: offset };
}

/**
 * A second server on the same data directory would truncate and empty the
 * journal under the first one's mapping (which kills it with SIGBUS): the
 * journal is locked while open, and a second open is refused with a clear error.
 */
function lockAgainstOtherServers(addon: FileMapAddon, fd: number, filename: string): void {
  try {
    addon.lockExclusive(fd);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ELOCKED') throw error;
    throw new Error(`${filename} is in use: is another server running on the same data directory?`, { cause: error });
  }
}

/** A mapped journal starts with room for this much, and doubles when a batch does not fit. */
const INITIAL_MAPPED_BYTES = 4 * 1024 * 1024;

export interface UpdateJournalOptions {
  /** Map the file into memory when the addon is built (the default); false writes each batch with write(). */
  map?: boolean;
}

/**
 * The durable tail of the update log: a file beside the database. A batch is
 * durable once its bytes are in the page cache, which is all an update needs
 * to survive a killed process (the same guarantee as SQLite's WAL with
 * synchronous=NORMAL), at a small fraction of a transaction's cost.
 *
 * With the file_map addon (native/file_map.c) the file is mapped into memory
 * and a batch is copied into it: no system call per update. A write() to the
 * file cost about 5% of the server's CPU when relaying to rooms of ten, more
 * than everything else the journal does. Without the addon (it needs a C
 * compiler at install), each batch is one write() at the end of the file.
 * Both leave the same records: a mapped file just has zeros after them.
 *
 * The store moves the records into its tables in the background and then
 * empties the journal; after a crash, the records still in it are moved on the
 * next start.
 */
export class UpdateJournal {
  /** Set when a failed write could not be undone: later records would sit behind a torn one. */
  private broken: unknown = null;
  private readonly encoder = new RecordEncoder();
  /** Where write() batches are encoded; reused, as each is written before append returns. */
  private scratch: Buffer | null = null;
  /** The mapped file, when mapped. */
  private mapping: { buffer: ArrayBuffer; bytes: Buffer } | null = null;

  private constructor(
    private readonly fd: number,
    /** Bytes of complete records in the file: where the next batch starts. */
    private size: number,
    private readonly addon: FileMapAddon | null,
  ) {}

  /** Opens (or creates) the journal and reads the records a previous process left in it. */
  static open(filename: string, options: UpdateJournalOptions = {}): { journal: UpdateJournal; records: JournalRecord[] } {
    const addon = options.map === false ? null : fileMapAddon();
    const fd = fs.openSync(filename, fs.constants.O_RDWR | fs.constants.O_CREAT | (addon ? 0 : fs.constants.O_APPEND), 0o644);
    try {
      if (addon) lockAgainstOtherServers(addon, fd, filename);
      const { records, validBytes } = decodeRecords(fs.readFileSync(fd));
      // A torn record at the end is dropped (and a mapped file's zeros), so the next batch does not land behind it.
      fs.ftruncateSync(fd, validBytes);
      const journal = new UpdateJournal(fd, validBytes, addon);
      if (addon) journal.mapAtLeast(Math.max(INITIAL_MAPPED_BYTES, 2 * validBytes));
      return { journal, records };
    } catch (error) {
      // Unlocked with the descriptor: nothing is mapped yet.
      fs.closeSync(fd);
      throw error;
    }
  }

  /** Whether batches are copied into a mapped file rather than written. */
  get mapped(): boolean {
    return this.mapping !== null;
  }

  /** Bytes of complete records in the journal. */
  get byteLength(): number {
    return this.size;
  }

  /** Stores a batch; it is durable when this returns. On failure nothing of the batch stays in the file. */
  append(records: readonly JournalRecord[]): void {
    if (this.broken) throw new Error('update journal is unusable after a failed write', { cause: this.broken });
    const length = this.encoder.byteLength(records);
    if (this.mapping) {
      if (this.size + length > this.mapping.bytes.byteLength) this.mapAtLeast(2 * (this.size + length));
      this.encoder.encodeInto(records, this.mapping.bytes, this.size);
    } else {
      this.write(records, length);
    }
    this.size += length;
  }

  private write(records: readonly JournalRecord[], length: number): void {
    if (!this.scratch || this.scratch.byteLength < length) this.scratch = Buffer.allocUnsafeSlow(Math.max(length, 64 * 1024));
    this.encoder.encodeInto(records, this.scratch, 0);
    try {
      let written = 0;
      while (written < length) written += fs.writeSync(this.fd, this.scratch, written, length - written);
    } catch (error) {
      try {
        fs.ftruncateSync(this.fd, this.size);
      } catch (truncateError) {
        this.broken = truncateError;
      }
      throw error;
    }
  }

  /** Maps (again) with room for `length` bytes; the blocks are allocated first, so a full disk fails here. */
  private mapAtLeast(length: number): void {
    const addon = this.addon!;
    const buffer = addon.map(this.fd, Math.max(length, this.mapping?.bytes.byteLength ?? 0));
    if (this.mapping) addon.unmap(this.mapping.buffer);
    this.mapping = { buffer, bytes: Buffer.from(buffer) };
  }

  /** Empties the journal once every record in it is stored elsewhere. */
  clear(): void {
    if (this.mapping) {
      this.mapping.bytes.fill(0, 0, this.size);
    } else {
      fs.ftruncateSync(this.fd, 0);
    }
    this.size = 0;
  }

  /** Closes the file, leaving exactly its records in it. */
  close(): void {
    if (this.addon) {
      if (this.mapping) this.addon.unmap(this.mapping.buffer);
      this.mapping = null;
      fs.ftruncateSync(this.fd, this.size);
      this.addon.unlock(this.fd);
    }
    fs.closeSync(this.fd);
  }
}
