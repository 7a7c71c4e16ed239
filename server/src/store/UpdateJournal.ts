import fs from 'node:fs';
import { crc32 } from 'node:zlib';

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

/**
 * Encodes batches into one buffer that is reused from batch to batch: a batch
 * is written before `append` returns, so the bytes need not outlive it. Room
 * ids are encoded once each. Appending is on the path of every update relayed,
 * usually one record at a time, so this saves an allocation and a string
 * encoding per update.
 */
class RecordEncoder {
  private scratch = Buffer.allocUnsafeSlow(64 * 1024);
  private readonly roomIds = new Map<string, Buffer>();

  encode(records: readonly JournalRecord[]): Buffer {
    let total = 0;
    for (const record of records) total += RECORD_HEADER_BYTES + BODY_FIXED_BYTES + this.roomIdBytes(record.roomId).byteLength + record.data.byteLength;
    if (total > this.scratch.byteLength) this.scratch = Buffer.allocUnsafeSlow(Math.max(total, 2 * this.scratch.byteLength));
    const out = this.scratch;
    let offset = 0;
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
    return out.subarray(0, total);
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
 * The durable tail of the update log: an append-only file beside the database.
 * Appending a batch is one `write` to the file, which is all an update needs to
 * survive a killed process (the same guarantee as SQLite's WAL with
 * synchronous=NORMAL), at a small fraction of a transaction's cost. The store
 * moves the records into its tables in the background and then empties the file;
 * after a crash, the records still in it are moved on the next start.
 */
export class UpdateJournal {
  /** Set when a failed write could not be undone: later records would sit behind a torn one. */
  private broken: unknown = null;
  private readonly encoder = new RecordEncoder();

  private constructor(
    private readonly fd: number,
    /** Bytes of complete records in the file: where the next batch starts. */
    private size: number,
  ) {}

  /** Opens (or creates) the journal and reads the records a previous process left in it. */
  static open(filename: string): { journal: UpdateJournal; records: JournalRecord[] } {
    const fd = fs.openSync(filename, fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_APPEND, 0o644);
    try {
      const { records, validBytes } = decodeRecords(fs.readFileSync(fd));
      // A torn record at the end is dropped, so the next batch does not land behind it.
      fs.ftruncateSync(fd, validBytes);
      return { journal: new UpdateJournal(fd, validBytes), records };
    } catch (error) {
      fs.closeSync(fd);
      throw error;
    }
  }

  /** Writes a batch; it is durable when this returns. On failure nothing of the batch stays in the file. */
  append(records: readonly JournalRecord[]): void {
    if (this.broken) throw new Error('update journal is unusable after a failed write', { cause: this.broken });
    const bytes = this.encoder.encode(records);
    try {
      let written = 0;
      while (written < bytes.byteLength) written += fs.writeSync(this.fd, bytes, written);
    } catch (error) {
      try {
        fs.ftruncateSync(this.fd, this.size);
      } catch (truncateError) {
        this.broken = truncateError;
      }
      throw error;
    }
    this.size += bytes.byteLength;
  }

  /** Empties the file once every record in it is stored elsewhere. */
  clear(): void {
    fs.ftruncateSync(this.fd, 0);
    this.size = 0;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}
