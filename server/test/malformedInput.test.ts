/**
 * Malformed input on the Yjs WebSocket (`/yjs/<id>`): every bad message or bad
 * frame must close only the connection that sent it, with a precise close code
 * and reason, while the process, the
 * room's other connections and the stored document are untouched (DESIGN.md,
 * "Limits and bad input").
 *
 * Each case runs against a fresh server and room holding two stock y-websocket
 * clients. After the bad input: both healthy clients are still on their
 * original socket and exchange an edit each way, /healthz answers, a fresh
 * client sees exactly the healthy clients' content and no awareness state the
 * bad connection tried to plant, and the document rebuilt from the store equals
 * theirs.
 *
 * - Message level: a normal `ws` client sends bad y-websocket messages. Our
 *   decoder closes with 1003 (unknown type, text frame) or 1007 (does not
 *   decode / does not apply) and a reason.
 * - Frame level: a raw TCP socket does the HTTP upgrade by hand and writes
 *   hand-built frames. `ws` rejects these itself and chooses the code (1002
 *   protocol error, 1007 bad UTF-8, 1009 too big); the server adds the reason
 *   (src/realtime/frameErrors.ts), read here from the close frame it sends.
 *
 * The reference y-websocket server (@y/websocket-server 0.1.1, src/server.js,
 * on ws 6.2.7) dies on the frame-level cases: it attaches no 'error' listener
 * to its sockets, so one invalid frame (reserved opcode 0x3 or 0xB, RSV1 set,
 * a continuation with nothing before it, a 200 MB length header, a ping over
 * 125 bytes, a fragmented ping) raises an unhandled 'error' event and the
 * process exits with code 1, dropping every room. (Its ws 6 does not check the
 * mask bit, so an unmasked frame is accepted there.) Checked by hand with a
 * separate script; the reference server is not part of this suite.
 */
import crypto from 'node:crypto';
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { CloseCode } from '@idea-board/shared';
import { mulberry32 } from '../bench/support/random.js';
import { startServer, type RunningServer } from './helpers/testServer.js';
import { addSticky, boardSnapshot, canonicalState, connectSynced, type YClient } from './helpers/yClient.js';
import { waitFor } from './helpers/waitFor.js';

/** Small on purpose: the oversized-message cases stay cheap. */
const MAX_MESSAGE_BYTES = 64 * 1024;
const CLOSE_TIMEOUT_MS = 5_000;

// ---------------------------------------------------------------------------
// Input builders

/** Seeded "random" bytes (mulberry32), the same on every run. */
function randomBytes(seed: number, length: number): Uint8Array {
  const next = mulberry32(seed);
  return Uint8Array.from({ length }, () => Math.floor(next() * 256));
}

function encode(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

const concat = (...parts: (Uint8Array | number[])[]): Uint8Array => Uint8Array.from(parts.flatMap((part) => [...part]));

/** y-websocket sync message: [0][syncType][varUint8Array payload]. */
const syncEnvelope = (syncType: number, payload: Uint8Array): Uint8Array =>
  encode((e) => {
    encoding.writeVarUint(e, 0);
    encoding.writeVarUint(e, syncType);
    encoding.writeVarUint8Array(e, payload);
  });
const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

/** y-websocket awareness message: [1][varUint8Array awareness update]. */
const awarenessEnvelope = (payload: Uint8Array): Uint8Array =>
  encode((e) => {
    encoding.writeVarUint(e, 1);
    encoding.writeVarUint8Array(e, payload);
  });

/** An awareness update (y-protocols): varUint count, then per entry clientID, clock, varString JSON state. */
type AwarenessEntry = { clientId: number; clock: number; state: string } | { clientId: number; clock: number; truncated: true };
const awarenessUpdate = (count: number, entries: AwarenessEntry[]): Uint8Array =>
  encode((e) => {
    encoding.writeVarUint(e, count);
    for (const entry of entries) {
      encoding.writeVarUint(e, entry.clientId);
      encoding.writeVarUint(e, entry.clock);
      if ('state' in entry) encoding.writeVarString(e, entry.state);
    }
  });

/** A real board update from another replica: one sticky note (no deletions). */
function validUpdate(): { update: Uint8Array; clientId: number } {
  const doc = new Y.Doc();
  addSticky(doc, 'from-attacker', 'this must never reach the board');
  const update = Y.encodeStateAsUpdate(doc);
  const clientId = doc.clientID;
  doc.destroy();
  return { update, clientId };
}

/** The valid update with its delete set replaced by one that claims two ranges and carries one. */
function updateWithCorruptDeleteSet(): Uint8Array {
  const { update, clientId } = validUpdate();
  // A V1 update ends with its delete set; with no deletions that is the single byte 0 (zero clients).
  if (update[update.length - 1] !== 0) throw new Error('expected an empty delete set at the end of the update');
  const deleteSet = encode((e) => {
    encoding.writeVarUint(e, 1); // one client
    encoding.writeVarUint(e, clientId);
    encoding.writeVarUint(e, 2); // two ranges ...
    encoding.writeVarUint(e, 0); // ... clock 0
    encoding.writeVarUint(e, 1); // ... length 1, and the second range is missing
  });
  return concat(update.subarray(0, update.length - 1), deleteSet);
}

// ---------------------------------------------------------------------------
// Harness: one server, one room, two healthy stock clients per test

interface Harness {
  running: RunningServer;
  editId: string;
  a: YClient;
  b: YClient;
  /** The healthy clients' sockets at the start: they must never be replaced. */
  aSocket: unknown;
  bSocket: unknown;
  /** Times a healthy client's connection closed (must stay 0). */
  healthyCloses: number;
}

let h: Harness | null = null;
let running: RunningServer | null = null;
/** Clients and sockets opened by the current test, closed in afterEach before the server stops. */
const cleanups: (() => void)[] = [];

function harness(): Harness {
  if (!h) throw new Error('no harness');
  return h;
}

async function setup(env: Record<string, string> = {}): Promise<void> {
  const server = await startServer({ MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES), ...env });
  running = server;
  const { id } = await server.createRoom('Malformed input');
  const a = await connectSynced(server.yjsUrl, id);
  cleanups.push(() => a.destroy());
  const b = await connectSynced(server.yjsUrl, id);
  cleanups.push(() => b.destroy());
  addSticky(a.doc, 'before', 'written before the bad input');
  await waitFor('b has the first note', () => b.doc.getMap('elements').has('before'));
  const current: Harness = { running: server, editId: id, a, b, aSocket: a.provider.ws, bSocket: b.provider.ws, healthyCloses: 0 };
  a.provider.on('connection-close', () => (current.healthyCloses += 1));
  b.provider.on('connection-close', () => (current.healthyCloses += 1));
  h = current;
}

afterEach(async () => {
  // Clients first (no reconnect attempts against a stopping server), the server last.
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  h = null;
  const stopping = running;
  running = null;
  if (stopping) await stopping.stop();
});

/**
 * Everything that must hold after a bad connection was closed: the healthy
 * clients kept their sockets and still sync both ways, the process answers,
 * and a fresh client and the store both see exactly the healthy content.
 */
async function expectRoomUnharmed(label: string, otherAwarenessIds: number[] = []): Promise<void> {
  const { running, a, b } = harness();
  expect(a.provider.ws).toBe(harness().aSocket);
  expect(b.provider.ws).toBe(harness().bSocket);
  expect(a.provider.wsconnected && b.provider.wsconnected).toBe(true);
  expect(harness().healthyCloses).toBe(0);

  addSticky(a.doc, `${label}/a`, 'from a after the bad input');
  addSticky(b.doc, `${label}/b`, 'from b after the bad input');
  await waitFor('healthy clients exchange edits', () => {
    const aElements = a.doc.getMap('elements');
    const bElements = b.doc.getMap('elements');
    return aElements.has(`${label}/b`) && bElements.has(`${label}/a`);
  });

  const health = await fetch(`${running.httpUrl}/healthz`);
  expect(health.status).toBe(200);

  const expected = ['before', `${label}/a`, `${label}/b`].sort();
  const fresh = await connectSynced(running.yjsUrl, harness().editId);
  cleanups.push(() => fresh.destroy());
  await waitFor('fresh client has the healthy edits', () => fresh.doc.getMap('elements').size >= expected.length);
  expect(Object.keys(boardSnapshot(fresh.doc)).sort()).toEqual(expected);
  expect(canonicalState(fresh.doc)).toBe(canonicalState(a.doc));
  expect(canonicalState(b.doc)).toBe(canonicalState(a.doc));
  // Awareness the room hands a newcomer: the healthy clients (and any listed live connection), no ghosts.
  const allowed = new Set([a.doc.clientID, b.doc.clientID, fresh.doc.clientID, ...otherAwarenessIds]);
  expect([...fresh.provider.awareness.getStates().keys()].filter((id) => !allowed.has(id))).toEqual([]);

  // The stored document, rebuilt from checkpoint and log, is the healthy content too.
  const access = await running.server.store.findRoomByAccessId(harness().editId);
  if (!access) throw new Error('room vanished from the store');
  const stored = await running.server.store.loadDocument(access.room.roomId);
  const rebuilt = new Y.Doc();
  if (stored.checkpoint) Y.applyUpdate(rebuilt, stored.checkpoint);
  for (const update of stored.updates) Y.applyUpdate(rebuilt, update);
  expect(canonicalState(rebuilt)).toBe(canonicalState(a.doc));
  rebuilt.destroy();
}

// ---------------------------------------------------------------------------
// A misbehaving client over a normal `ws` WebSocket

interface CloseResult {
  code: number | null;
  reason: string;
}

interface BadClient {
  socket: WebSocket;
  closed: Promise<CloseResult>;
}

/** Connects to the room and resolves once the server has sent its sync step 1 (the connection joined). */
async function openBadClient(): Promise<BadClient> {
  const socket = new WebSocket(`${harness().running.yjsUrl}/${harness().editId}`);
  cleanups.push(() => socket.terminate());
  // The server may reset the TCP connection after closing; that is not a test failure.
  socket.on('error', () => undefined);
  const closed = new Promise<CloseResult>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bad client was not closed in time')), CLOSE_TIMEOUT_MS + 5_000);
    socket.on('close', (code, reason) => {
      clearTimeout(timer);
      resolve({ code, reason: reason.toString() });
    });
  });
  closed.catch(() => undefined);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('bad client got no sync step 1')), CLOSE_TIMEOUT_MS);
    socket.once('message', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return { socket, closed };
}

function withTimeout<T>(promise: Promise<T>, what: string, timeoutMs = CLOSE_TIMEOUT_MS): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

// ---------------------------------------------------------------------------
// A misbehaving client over raw TCP: hand-made handshake and frames

interface RawClient {
  socket: net.Socket;
  /** Frames the server sent (its frames are never masked). */
  frames: { opcode: number; payload: Buffer }[];
  /** Resolves when the TCP connection is gone, with the server's close frame if it sent one. */
  closed: Promise<CloseResult>;
}

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

async function openRawClient(): Promise<RawClient> {
  const { running, editId } = harness();
  const port = Number(new URL(running.httpUrl).port);
  const socket = net.connect(port, '127.0.0.1');
  cleanups.push(() => socket.destroy());
  socket.on('error', () => undefined);
  const key = crypto.randomBytes(16).toString('base64');
  const expectedAccept = crypto.createHash('sha1').update(key + WS_GUID).digest('base64');

  const frames: RawClient['frames'] = [];
  let closeFrame: CloseResult | null = null;
  let buffer = Buffer.alloc(0);
  let handshake: { resolve: () => void; reject: (error: Error) => void } | null = null;
  const upgraded = new Promise<void>((resolve, reject) => (handshake = { resolve, reject }));

  const parseFrames = (): void => {
    for (;;) {
      if (buffer.length < 2) return;
      const first = buffer[0] ?? 0;
      const second = buffer[1] ?? 0;
      let length = second & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (buffer.length < 4) return;
        length = buffer.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (buffer.length < 10) return;
        length = Number(buffer.readBigUInt64BE(2));
        offset = 10;
      }
      if (buffer.length < offset + length) return;
      const frame = { opcode: first & 0x0f, payload: buffer.subarray(offset, offset + length) };
      buffer = buffer.subarray(offset + length);
      frames.push(frame);
      if (frame.opcode === 0x8) {
        closeFrame = {
          code: frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : null,
          reason: frame.payload.subarray(2).toString('utf8'),
        };
        // Our side of the closing handshake: the server may now drop the TCP connection.
        socket.end();
      }
    }
  };

  let upgradedYet = false;
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    if (!upgradedYet) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buffer.subarray(0, end).toString('latin1');
      buffer = buffer.subarray(end + 4);
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const accept = headerLines.find((line) => line.toLowerCase().startsWith('sec-websocket-accept:'));
      if (!statusLine.startsWith('HTTP/1.1 101') || accept?.split(':')[1]?.trim() !== expectedAccept) {
        handshake?.reject(new Error(`upgrade refused: ${head}`));
        return;
      }
      upgradedYet = true;
      handshake?.resolve();
    }
    parseFrames();
  });
  const closed = new Promise<CloseResult>((resolve) => {
    socket.on('close', () => {
      handshake?.reject(new Error('connection closed during the handshake'));
      resolve(closeFrame ?? { code: null, reason: '' });
    });
  });

  socket.write(
    [
      `GET /yjs/${editId} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${key}`,
      'Sec-WebSocket-Version: 13',
      '',
      '',
    ].join('\r\n'),
  );
  await withTimeout(upgraded, 'the WebSocket upgrade');
  // The server's sync step 1 (a binary frame) means the connection has joined the room.
  await waitFor('server sync step 1 on the raw socket', () => frames.some((frame) => frame.opcode === 0x2), CLOSE_TIMEOUT_MS);
  return { socket, frames, closed };
}

interface FrameSpec {
  opcode: number;
  payload?: Uint8Array;
  fin?: boolean;
  /** RSV bits as they sit in the first byte: 0x40 RSV1, 0x20 RSV2, 0x10 RSV3. */
  rsv?: number;
  masked?: boolean;
  /** Length to declare in the header instead of the payload's (the payload is then not sent). */
  declaredLength?: bigint;
}

/** One client frame as RFC 6455 lays it out; client frames are masked unless told otherwise. */
function frame(spec: FrameSpec): Buffer {
  const payload = Buffer.from(spec.payload ?? new Uint8Array(0));
  const masked = spec.masked ?? true;
  const first = ((spec.fin ?? true) ? 0x80 : 0) | (spec.rsv ?? 0) | spec.opcode;
  const length = spec.declaredLength ?? BigInt(payload.length);
  const maskBit = masked ? 0x80 : 0;
  let header: Buffer;
  if (length < 126n) {
    header = Buffer.from([first, maskBit | Number(length)]);
  } else if (length < 65536n) {
    header = Buffer.alloc(4);
    header.writeUInt8(first, 0);
    header.writeUInt8(maskBit | 126, 1);
    header.writeUInt16BE(Number(length), 2);
  } else {
    header = Buffer.alloc(10);
    header.writeUInt8(first, 0);
    header.writeUInt8(maskBit | 127, 1);
    header.writeBigUInt64BE(length, 2);
  }
  const body = spec.declaredLength === undefined ? payload : Buffer.alloc(0);
  if (!masked) return Buffer.concat([header, body]);
  const mask = Buffer.from([0x37, 0xfa, 0x21, 0x3d]);
  const maskedBody = Buffer.from(body.map((byte, i) => byte ^ (mask[i % 4] ?? 0)));
  return Buffer.concat([header, mask, maskedBody]);
}

// ---------------------------------------------------------------------------
// Cases

interface MessageCase {
  name: string;
  /** Bytes sent as one binary message, or a string sent as a text frame. */
  message: () => Uint8Array | string;
  code: number;
  reason: string;
}

const unknownType = (type: number): string => `unknown message type ${type}`;
const MALFORMED = 'malformed message';
const TRAILING = 'trailing bytes after message';
const DOES_NOT_APPLY = 'update does not apply';
const BAD_AWARENESS = 'malformed awareness update';
const TOO_BIG = `message too big: over ${MAX_MESSAGE_BYTES} bytes`;

const messageCases: MessageCase[] = [
  // mulberry32(1) starts a0 00: varUint 0x20 = 32, a message type that does not exist.
  { name: 'random bytes (seed 1, 256 bytes)', message: () => randomBytes(1, 256), code: CloseCode.unsupportedData, reason: unknownType(32) },
  // mulberry32(2) starts bb 53: varUint 0x3b + 0x53 * 128 = 10683.
  { name: 'random bytes (seed 2, 4 KiB)', message: () => randomBytes(2, 4096), code: CloseCode.unsupportedData, reason: unknownType(10683) },
  { name: 'empty message', message: () => new Uint8Array(0), code: CloseCode.invalidPayload, reason: MALFORMED },
  { name: 'truncated varint [0x80]', message: () => Uint8Array.from([0x80]), code: CloseCode.invalidPayload, reason: MALFORMED },
  { name: 'truncated varint [0, 0x80]', message: () => Uint8Array.from([0, 0x80]), code: CloseCode.invalidPayload, reason: MALFORMED },
  { name: 'sync type without sub-type [0]', message: () => Uint8Array.from([0]), code: CloseCode.invalidPayload, reason: MALFORMED },
  {
    name: 'varint longer than 53 bits',
    message: () => Uint8Array.from([0, 2, ...new Array<number>(10).fill(0xff), 0x01]),
    code: CloseCode.invalidPayload,
    reason: MALFORMED,
  },
  {
    name: 'update length prefix beyond the message end',
    message: () => Uint8Array.from([0, SYNC_UPDATE, 10, 1, 2, 3]),
    code: CloseCode.invalidPayload,
    reason: MALFORMED,
  },
  {
    name: 'update length prefix of 4 GiB',
    message: () => Uint8Array.from([0, SYNC_UPDATE, 0xff, 0xff, 0xff, 0xff, 0x0f, 0, 0]),
    code: CloseCode.invalidPayload,
    reason: MALFORMED,
  },
  {
    name: 'awareness length prefix beyond the message end',
    message: () => Uint8Array.from([1, 50, 1, 2]),
    code: CloseCode.invalidPayload,
    reason: MALFORMED,
  },
  { name: 'unknown message type 7', message: () => Uint8Array.from([7]), code: CloseCode.unsupportedData, reason: unknownType(7) },
  { name: 'unknown message type 100', message: () => Uint8Array.from([100, 0, 0]), code: CloseCode.unsupportedData, reason: unknownType(100) },
  {
    name: 'unknown sync sub-type 3',
    message: () => syncEnvelope(3, new Uint8Array(0)),
    code: CloseCode.unsupportedData,
    reason: 'unknown sync message type 3',
  },
  {
    name: 'trailing byte after a valid sync step 1',
    message: () => concat(syncEnvelope(SYNC_STEP1, Y.encodeStateVector(new Y.Doc())), [0x42]),
    code: CloseCode.invalidPayload,
    reason: TRAILING,
  },
  { name: 'trailing byte after query-awareness [3, 0]', message: () => Uint8Array.from([3, 0]), code: CloseCode.invalidPayload, reason: TRAILING },
  {
    name: 'two valid messages in one frame',
    message: () => concat(syncEnvelope(SYNC_UPDATE, validUpdate().update), syncEnvelope(SYNC_UPDATE, validUpdate().update)),
    code: CloseCode.invalidPayload,
    reason: TRAILING,
  },
  {
    name: 'random bytes inside a sync update (seed 3)',
    message: () => syncEnvelope(SYNC_UPDATE, randomBytes(3, 512)),
    code: CloseCode.invalidPayload,
    reason: DOES_NOT_APPLY,
  },
  {
    name: 'valid update truncated to half',
    message: () => {
      const { update } = validUpdate();
      return syncEnvelope(SYNC_UPDATE, update.subarray(0, Math.floor(update.length / 2)));
    },
    code: CloseCode.invalidPayload,
    reason: DOES_NOT_APPLY,
  },
  {
    name: 'valid update missing its last byte (the delete set)',
    message: () => {
      const { update } = validUpdate();
      return syncEnvelope(SYNC_UPDATE, update.subarray(0, update.length - 1));
    },
    code: CloseCode.invalidPayload,
    reason: DOES_NOT_APPLY,
  },
  {
    name: 'valid update with a corrupted delete set',
    message: () => syncEnvelope(SYNC_UPDATE, updateWithCorruptDeleteSet()),
    code: CloseCode.invalidPayload,
    reason: DOES_NOT_APPLY,
  },
  {
    name: 'sync step 2 with random garbage (seed 4)',
    message: () => syncEnvelope(SYNC_STEP2, randomBytes(4, 300)),
    code: CloseCode.invalidPayload,
    reason: DOES_NOT_APPLY,
  },
  {
    name: 'sync step 2 with a truncated update',
    message: () => syncEnvelope(SYNC_STEP2, validUpdate().update.subarray(0, 20)),
    code: CloseCode.invalidPayload,
    reason: DOES_NOT_APPLY,
  },
  {
    name: 'sync step 1 with a state vector claiming 5 entries and holding none',
    message: () => syncEnvelope(SYNC_STEP1, Uint8Array.from([5])),
    code: CloseCode.invalidPayload,
    reason: 'malformed state vector',
  },
  {
    name: 'sync step 1 with a truncated state vector entry',
    message: () => syncEnvelope(SYNC_STEP1, Uint8Array.from([1, 0x85, 0x03])),
    code: CloseCode.invalidPayload,
    reason: 'malformed state vector',
  },
  {
    name: 'awareness state that is not JSON',
    message: () => awarenessEnvelope(awarenessUpdate(1, [{ clientId: 1234, clock: 1, state: '{"user": not json' }])),
    code: CloseCode.invalidPayload,
    reason: BAD_AWARENESS,
  },
  {
    name: 'awareness with a truncated entry (no state)',
    message: () => awarenessEnvelope(awarenessUpdate(1, [{ clientId: 1234, clock: 1, truncated: true }])),
    code: CloseCode.invalidPayload,
    reason: BAD_AWARENESS,
  },
  {
    // The first entry is valid: it must not be left behind in the room's awareness (a ghost user).
    name: 'awareness with a valid entry, then one that is not JSON',
    message: () =>
      awarenessEnvelope(
        awarenessUpdate(2, [
          { clientId: 1234, clock: 1, state: JSON.stringify({ user: { name: 'ghost' } }) },
          { clientId: 5678, clock: 1, state: 'not json' },
        ]),
      ),
    code: CloseCode.invalidPayload,
    reason: BAD_AWARENESS,
  },
  {
    name: 'awareness with a valid entry, then a count claiming more',
    message: () => awarenessEnvelope(awarenessUpdate(3, [{ clientId: 1234, clock: 1, state: JSON.stringify({ user: { name: 'ghost' } }) }])),
    code: CloseCode.invalidPayload,
    reason: BAD_AWARENESS,
  },
  {
    name: 'awareness state with invalid UTF-8',
    message: () =>
      awarenessEnvelope(
        encode((e) => {
          encoding.writeVarUint(e, 1);
          encoding.writeVarUint(e, 1234);
          encoding.writeVarUint(e, 1);
          encoding.writeVarUint8Array(e, Uint8Array.from([0x22, 0xc3, 0x22])); // '"', a lone lead byte, '"'
        }),
      ),
    code: CloseCode.invalidPayload,
    reason: BAD_AWARENESS,
  },
  {
    name: 'awareness with bytes after its entries',
    message: () => awarenessEnvelope(concat(awarenessUpdate(1, [{ clientId: 1234, clock: 1, state: 'null' }]), [7, 7])),
    code: CloseCode.invalidPayload,
    reason: BAD_AWARENESS,
  },
  {
    name: 'random bytes inside an awareness message (seed 6)',
    message: () => awarenessEnvelope(randomBytes(6, 128)),
    code: CloseCode.invalidPayload,
    reason: BAD_AWARENESS,
  },
  { name: 'text frame', message: () => 'hello', code: CloseCode.unsupportedData, reason: 'text frames are not part of the protocol' },
  {
    // ws enforces maxPayload itself; the reason is ours (frameErrors.ts).
    name: `message over MAX_MESSAGE_BYTES (${MAX_MESSAGE_BYTES + 1} bytes)`,
    message: () => syncEnvelope(SYNC_UPDATE, new Uint8Array(MAX_MESSAGE_BYTES)),
    code: CloseCode.messageTooBig,
    reason: TOO_BIG,
  },
];

interface FrameCase {
  name: string;
  /** Bytes written to the socket after the upgrade. */
  bytes: () => Buffer;
  code: number;
  /** The reason in the server's close frame. */
  reason: string;
}

const PROTOCOL_ERROR = 1002;
const validMessage = (): Uint8Array => syncEnvelope(SYNC_STEP1, Y.encodeStateVector(new Y.Doc()));

const frameCases: FrameCase[] = [
  {
    name: 'reserved data opcode 0x3',
    bytes: () => frame({ opcode: 0x3, payload: validMessage() }),
    code: PROTOCOL_ERROR,
    reason: 'invalid frame: reserved opcode 0x3',
  },
  { name: 'reserved control opcode 0xB', bytes: () => frame({ opcode: 0xb }), code: PROTOCOL_ERROR, reason: 'invalid frame: reserved opcode 0xB' },
  {
    name: 'continuation frame with nothing before it',
    bytes: () => frame({ opcode: 0x0, payload: validMessage() }),
    code: PROTOCOL_ERROR,
    reason: 'invalid frame: continuation frame with no message to continue',
  },
  {
    name: 'header declaring a 200 MB payload (64-bit length)',
    bytes: () => frame({ opcode: 0x2, declaredLength: 200n * 1024n * 1024n }),
    code: CloseCode.messageTooBig,
    reason: TOO_BIG,
  },
  {
    name: 'header declaring a length over 2^53 - 1',
    bytes: () => frame({ opcode: 0x2, declaredLength: 0xffffffffffffffffn }),
    code: CloseCode.messageTooBig,
    reason: 'message too big: declared length over 2^53 - 1 bytes',
  },
  {
    name: 'fragments that together pass MAX_MESSAGE_BYTES',
    bytes: () =>
      Buffer.concat([
        frame({ opcode: 0x2, fin: false, payload: new Uint8Array(40 * 1024) }),
        frame({ opcode: 0x0, fin: false, payload: new Uint8Array(40 * 1024) }),
      ]),
    code: CloseCode.messageTooBig,
    reason: TOO_BIG,
  },
  {
    name: 'RSV1 set without a negotiated extension',
    bytes: () => frame({ opcode: 0x2, rsv: 0x40, payload: validMessage() }),
    code: PROTOCOL_ERROR,
    reason: 'invalid frame: RSV1 set but no extension negotiated',
  },
  {
    name: 'RSV2 set',
    bytes: () => frame({ opcode: 0x2, rsv: 0x20, payload: validMessage() }),
    code: PROTOCOL_ERROR,
    reason: 'invalid frame: RSV2 and RSV3 must be clear',
  },
  {
    name: 'unmasked client frame',
    bytes: () => frame({ opcode: 0x2, masked: false, payload: validMessage() }),
    code: PROTOCOL_ERROR,
    reason: 'invalid frame: client frames must be masked',
  },
  {
    name: 'ping with a 126-byte payload',
    bytes: () => frame({ opcode: 0x9, payload: new Uint8Array(126) }),
    code: PROTOCOL_ERROR,
    reason: 'invalid frame: control frame payload over 125 bytes',
  },
  {
    name: 'fragmented ping (FIN clear)',
    bytes: () => frame({ opcode: 0x9, fin: false, payload: new Uint8Array(4) }),
    code: PROTOCOL_ERROR,
    reason: 'invalid frame: fragmented control frame',
  },
  {
    name: 'new data frame inside a fragmented message',
    bytes: () => Buffer.concat([frame({ opcode: 0x2, fin: false, payload: Uint8Array.from([0]) }), frame({ opcode: 0x2, payload: Uint8Array.from([0]) })]),
    code: PROTOCOL_ERROR,
    reason: 'invalid frame: new data frame inside a fragmented message',
  },
  {
    name: 'close frame with a reserved status code (1005)',
    bytes: () => frame({ opcode: 0x8, payload: Uint8Array.from([0x03, 0xed]) }),
    code: PROTOCOL_ERROR,
    reason: 'invalid frame: close code 1005 not allowed',
  },
  {
    name: 'close frame with a 1-byte payload',
    bytes: () => frame({ opcode: 0x8, payload: Uint8Array.from([0x03]) }),
    code: PROTOCOL_ERROR,
    reason: 'invalid frame: close frame with a 1-byte payload',
  },
  {
    name: 'text frame with invalid UTF-8',
    bytes: () => frame({ opcode: 0x1, payload: Uint8Array.from([0x68, 0xc3, 0x28]) }),
    code: CloseCode.invalidPayload,
    reason: 'invalid UTF-8 in a text frame or close reason',
  },
  {
    name: 'close frame whose reason is invalid UTF-8',
    bytes: () => frame({ opcode: 0x8, payload: Uint8Array.from([0x03, 0xe8, 0x68, 0xc3, 0x28]) }),
    code: CloseCode.invalidPayload,
    reason: 'invalid UTF-8 in a text frame or close reason',
  },
];

// ---------------------------------------------------------------------------

describe('malformed messages close only their own connection', () => {
  beforeEach(async () => {
    await setup();
  });

  it.each(messageCases)('$name -> $code', async ({ name, message, code, reason }) => {
    const bad = await openBadClient();
    bad.socket.send(message());
    const closed = await withTimeout(bad.closed, `the close of "${name}"`);
    expect(closed).toEqual({ code, reason });
    await expectRoomUnharmed(name);
  });

  it('a burst of awareness updates is throttled, not disconnected', async () => {
    const { b } = harness();
    const bad = await openBadClient();
    const spammerId = 4242;
    let changesSeen = 0;
    b.provider.awareness.on('change', ({ added, updated }: { added: number[]; updated: number[] }) => {
      if (added.includes(spammerId) || updated.includes(spammerId)) changesSeen += 1;
    });
    const burst = 200;
    for (let clock = 1; clock <= burst; clock++) {
      bad.socket.send(awarenessEnvelope(awarenessUpdate(1, [{ clientId: spammerId, clock, state: JSON.stringify({ n: clock }) }])));
    }
    // The newest state arrives (coalesced), and far fewer than `burst` changes were relayed.
    await waitFor('b sees the last state of the burst', () => {
      const state = b.provider.awareness.getStates().get(spammerId) as { n?: number } | undefined;
      return state?.n === burst;
    });
    expect(changesSeen).toBeGreaterThan(0);
    expect(changesSeen).toBeLessThanOrEqual(burst / 10);
    expect(bad.socket.readyState).toBe(WebSocket.OPEN);
    await expectRoomUnharmed('awareness burst', [spammerId]);
  });
});

describe('malformed frames close only their own connection', () => {
  beforeEach(async () => {
    await setup();
  });

  it.each(frameCases)('$name -> $code', async ({ name, bytes, code, reason }) => {
    const raw = await openRawClient();
    raw.socket.write(bytes());
    const closed = await withTimeout(raw.closed, `the close of "${name}"`);
    expect(closed).toEqual({ code, reason });
    // The server sends one close frame, and it fits a control frame.
    expect(raw.frames.filter((f) => f.opcode === 0x8)).toHaveLength(1);
    expect(Buffer.byteLength(reason)).toBeLessThanOrEqual(123);
    await expectRoomUnharmed(name);
  });

  it('a raw client that speaks valid frames still syncs (control for the raw harness)', async () => {
    const raw = await openRawClient();
    const before = raw.frames.length;
    // A well-formed, fragmented sync step 1: the server must answer with sync step 2.
    const message = Buffer.from(validMessage());
    raw.socket.write(
      Buffer.concat([
        frame({ opcode: 0x2, fin: false, payload: message.subarray(0, 2) }),
        frame({ opcode: 0x9, payload: Uint8Array.from([1, 2, 3]) }),
        frame({ opcode: 0x0, payload: message.subarray(2) }),
      ]),
    );
    await waitFor('pong and sync step 2', () => {
      const answers = raw.frames.slice(before);
      return answers.some((f) => f.opcode === 0xa) && answers.some((f) => f.opcode === 0x2 && f.payload[0] === 0 && f.payload[1] === 1);
    });
    expect(raw.socket.destroyed).toBe(false);
    await expectRoomUnharmed('raw control');
  });
});

describe('document size limit', () => {
  beforeEach(async () => {
    await setup({ MAX_DOCUMENT_BYTES: '16384' });
  });

  it('an update that would grow the board past MAX_DOCUMENT_BYTES closes with 4413', async () => {
    const doc = new Y.Doc();
    addSticky(doc, 'huge', 'x'.repeat(20_000));
    const update = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    expect(update.byteLength).toBeLessThan(MAX_MESSAGE_BYTES);
    const bad = await openBadClient();
    bad.socket.send(syncEnvelope(SYNC_UPDATE, update));
    const closed = await withTimeout(bad.closed, 'the close of the oversized update');
    expect(closed).toEqual({ code: CloseCode.documentTooLarge, reason: 'board is over its size limit' });
    await expectRoomUnharmed('after 4413');
  });
});
