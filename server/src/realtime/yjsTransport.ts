import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { Logger } from 'pino';
import { CloseCode, YJS_PATH_PREFIX, isValidRoomId } from '@idea-board/shared';
import type { RoomRegistry } from '../rooms/RoomRegistry.js';
import { RoomConnection } from '../rooms/RoomConnection.js';
import type { Peer } from '../rooms/Peer.js';
import type { Room } from '../rooms/Room.js';
import type { Store } from '../store/Store.js';
import type { Limits } from '../config.js';
import type { AddressLimiter } from './AddressLimiter.js';
import type { Metrics } from '../metrics.js';
import { frameOnce } from './binaryFrame.js';
import { clientAddress } from './clientAddress.js';
import { closeWithReasonOnFrameErrors } from './frameErrors.js';

export interface YjsTransportOptions {
  store: Store;
  rooms: RoomRegistry;
  limits: Limits;
  addressLimiter: AddressLimiter;
  metrics: Metrics;
  logger: Logger;
  /** Take the client address from X-Forwarded-For (as Fastify's `trustProxy: true`). */
  trustProxy: boolean;
}

export interface YjsTransport {
  /** Takes an HTTP upgrade whose path starts with `/yjs/` (see upgradeRouter.ts). */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every socket still open (shutdown: those not yet in a room, or not closed by it). */
  closeAll(code: number, reason: string): void;
}

/** What every connection shares: one reference each instead of a copy of each field. */
interface Shared extends YjsTransportOptions {
  awarenessIntervalMs: number;
  open: Set<YjsSocket>;
}

/**
 * `GET /yjs/<id>` upgraded to a WebSocket speaking the y-websocket protocol,
 * with `ws` directly, as the reference server does. The upgrade does not go
 * through Fastify: a routed request keeps its Request, Reply, ServerResponse
 * and child logger alive for as long as the socket is open (about 4 KB of
 * heap per idle connection). The id is checked before storage is touched;
 * messages that arrive while the room loads are kept and handled in order
 * once it has loaded.
 */
export function createYjsTransport(options: YjsTransportOptions): YjsTransport {
  const shared: Shared = {
    ...options,
    awarenessIntervalMs: 1000 / options.limits.awarenessUpdatesPerSecond,
    open: new Set(),
  };
  // Sockets are tracked by `shared.open` (for shutdown), not by ws: one closure less per connection.
  const wss = new WebSocketServer({
    noServer: true,
    clientTracking: false,
    maxPayload: options.limits.maxMessageBytes,
    perMessageDeflate: false,
  });
  return {
    handleUpgrade(request, socket, head) {
      const id = roomIdOf(request.url ?? '');
      const address = clientAddress(request, options.trustProxy);
      wss.handleUpgrade(request, socket, head, (ws) => {
        closeWithReasonOnFrameErrors(ws, options.limits.maxMessageBytes);
        shared.logger.info({ remoteAddress: address }, 'websocket connection');
        new YjsSocket(shared, ws, socket as Socket, address).start(id);
      });
    },
    closeAll(code, reason) {
      for (const socket of shared.open) socket.close(code, reason);
    },
  };
}

/** The room id from `/yjs/<id>[?query]`, decoded as a route parameter is; null if it cannot be decoded. */
function roomIdOf(url: string): string | null {
  const end = url.indexOf('?');
  const segment = url.slice(YJS_PATH_PREFIX.length + 1, end === -1 ? undefined : end);
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/**
 * One WebSocket from upgrade to close, and the Peer its room talks to.
 * Messages are written as ready-made frames straight to the connection's TCP
 * socket (see binaryFrame.ts); `ws` writes its own frames (close, pong) to the
 * same socket synchronously, in call order, as permessage-deflate is off.
 * Its listeners are three small closures over it; nothing else per connection.
 */
class YjsSocket implements Peer {
  private room: Room | null = null;
  private connection: RoomConnection | null = null;
  private acquiredRoomId: string | null = null;
  /** Messages received before the room loaded (created on the first one). */
  private early: Uint8Array[] | null = null;
  private earlyBytes = 0;
  private closed = false;

  constructor(
    private readonly shared: Shared,
    private readonly socket: WebSocket,
    private readonly tcp: Socket,
    private readonly address: string,
  ) {}

  start(id: string | null): void {
    const { socket, shared } = this;
    // Without a listener, a protocol error in a frame (bad opcode, bad length) would crash the
    // process; the close frame with the matching code and reason (frameErrors.ts) is already sent.
    socket.on('error', (error) => {
      shared.logger.error({ err: error, remoteAddress: this.address }, 'websocket error');
      socket.terminate();
    });
    if (id === null || !isValidRoomId(id)) {
      socket.close(CloseCode.invalidRoomId, 'invalid room id');
      return;
    }
    if (!shared.addressLimiter.tryAcquire(this.address)) {
      shared.metrics.refusedConnections.inc({ reason: 'address' });
      socket.close(CloseCode.tryAgainLater, 'too many connections from this address');
      return;
    }
    shared.open.add(this);
    shared.metrics.openConnections.inc();
    socket.on('message', (data, isBinary) => this.receive(data, isBinary));
    socket.on('close', () => this.onClose());
    this.join(id).catch((error: unknown) => {
      shared.logger.error({ err: error, remoteAddress: this.address }, 'could not open room');
      socket.close(CloseCode.internalError, 'room could not be opened');
    });
  }

  send(data: Uint8Array): void {
    if (this.socket.readyState === WebSocket.OPEN) this.tcp.write(frameOnce(data));
  }

  close(code: number, reason: string): void {
    const socket = this.socket;
    if (socket.readyState === WebSocket.CLOSED || socket.readyState === WebSocket.CLOSING) return;
    socket.close(code, reason);
    // A client that does not answer the close handshake (e.g. stopped reading) is cut off.
    setTimeout(() => socket.terminate(), 2_000).unref();
  }

  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }

  private async join(id: string): Promise<void> {
    const { shared } = this;
    const access = await shared.store.findRoomByAccessId(id);
    if (this.closed) return;
    if (!access) {
      this.socket.close(CloseCode.unknownRoom, 'unknown room');
      return;
    }
    const roomId = access.room.roomId;
    this.acquiredRoomId = roomId;
    const room = await shared.rooms.acquire(roomId);
    if (this.closed) return;
    if (room.connectionCount >= shared.limits.maxConnectionsPerRoom) {
      shared.metrics.refusedConnections.inc({ reason: 'room' });
      this.socket.close(CloseCode.tryAgainLater, 'room is full');
      return;
    }
    const connection = new RoomConnection(this, access.role, shared.limits.maxBufferedBytes, shared.awarenessIntervalMs);
    this.connection = connection;
    this.room = room;
    room.join(connection);
    const early = this.early;
    this.early = null;
    if (early) for (const data of early) room.receive(connection, data);
  }

  private receive(data: RawData, isBinary: boolean): void {
    if (!isBinary) {
      this.socket.close(CloseCode.unsupportedData, 'text frames are not part of the protocol');
      return;
    }
    this.shared.metrics.messagesReceived.inc();
    const bytes = toBytes(data);
    if (this.room && this.connection) {
      this.room.receive(this.connection, bytes);
      return;
    }
    // Kept until the room has loaded, within the size of one maximal message.
    this.earlyBytes += bytes.byteLength;
    if (this.earlyBytes > this.shared.limits.maxMessageBytes) {
      this.socket.close(CloseCode.messageTooBig, 'too much data sent before the room loaded');
      return;
    }
    (this.early ??= []).push(bytes);
  }

  private onClose(): void {
    this.closed = true;
    this.early = null;
    const { shared } = this;
    shared.open.delete(this);
    shared.addressLimiter.release(this.address);
    shared.metrics.openConnections.dec();
    if (this.room && this.connection) this.room.leave(this.connection);
    if (this.acquiredRoomId) shared.rooms.release(this.acquiredRoomId);
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}
