import type {} from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
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

export interface YjsTransportOptions {
  store: Store;
  rooms: RoomRegistry;
  limits: Limits;
  addressLimiter: AddressLimiter;
  metrics: Metrics;
}

/**
 * Adapts a `ws` socket to the Peer a room talks to. Messages are written as
 * ready-made frames straight to the connection's TCP socket (see binaryFrame.ts);
 * `ws` writes its own frames (close, pong) to the same socket synchronously, in
 * call order, as permessage-deflate is off.
 */
function peerOf(socket: WebSocket, tcp: Socket): Peer {
  return {
    send(data) {
      if (socket.readyState === socket.OPEN) tcp.write(frameOnce(data));
    },
    close(code, reason) {
      if (socket.readyState === socket.CLOSED || socket.readyState === socket.CLOSING) return;
      socket.close(code, reason);
      // A client that does not answer the close handshake (e.g. stopped reading) is cut off.
      setTimeout(() => socket.terminate(), 2_000).unref();
    },
    get bufferedAmount() {
      return socket.bufferedAmount;
    },
  };
}

/**
 * `GET /yjs/<id>` upgraded to a WebSocket speaking the y-websocket protocol.
 * The id is checked before storage is touched; messages that arrive while the
 * room loads are kept and handled in order once it has loaded.
 */
export function registerYjsTransport(app: FastifyInstance, options: YjsTransportOptions): void {
  const { store, rooms, limits, addressLimiter, metrics } = options;
  const awarenessIntervalMs = 1000 / limits.awarenessUpdatesPerSecond;

  app.get<{ Params: { id: string } }>(`${YJS_PATH_PREFIX}/:id`, { websocket: true }, (socket, request) => {
    const log = request.log;
    const tcp = request.raw.socket;
    // Without a listener, a protocol error in a frame (bad opcode, bad length) would crash the process.
    socket.on('error', (error) => log.info({ err: error }, 'websocket error'));

    const id = request.params.id;
    if (!isValidRoomId(id)) {
      socket.close(CloseCode.invalidRoomId, 'invalid room id');
      return;
    }
    const address = request.ip;
    if (!addressLimiter.tryAcquire(address)) {
      metrics.refusedConnections.inc({ reason: 'address' });
      socket.close(CloseCode.tryAgainLater, 'too many connections from this address');
      return;
    }

    let room: Room | null = null;
    let connection: RoomConnection | null = null;
    let acquiredRoomId: string | null = null;
    const early: Uint8Array[] = [];
    let closed = false;

    let earlyBytes = 0;
    const handle = (data: Uint8Array): void => {
      if (room && connection) {
        room.receive(connection, data);
        return;
      }
      // Kept until the room has loaded, within the size of one maximal message.
      earlyBytes += data.byteLength;
      if (earlyBytes > limits.maxMessageBytes) {
        socket.close(CloseCode.messageTooBig, 'too much data sent before the room loaded');
        return;
      }
      early.push(data);
    };

    socket.on('message', (data, isBinary) => {
      if (!isBinary) {
        socket.close(CloseCode.unsupportedData, 'text frames are not part of the protocol');
        return;
      }
      metrics.messagesReceived.inc();
      handle(toBytes(data));
    });

    socket.on('close', () => {
      closed = true;
      addressLimiter.release(address);
      metrics.openConnections.dec();
      if (room && connection) room.leave(connection);
      if (acquiredRoomId) rooms.release(acquiredRoomId);
    });
    metrics.openConnections.inc();

    void (async () => {
      const access = await store.findRoomByAccessId(id);
      if (closed) return;
      if (!access) {
        socket.close(CloseCode.unknownRoom, 'unknown room');
        return;
      }
      const roomId = access.room.roomId;
      acquiredRoomId = roomId;
      const loaded = await rooms.acquire(roomId);
      if (closed) return;
      if (loaded.connectionCount >= limits.maxConnectionsPerRoom) {
        metrics.refusedConnections.inc({ reason: 'room' });
        socket.close(CloseCode.tryAgainLater, 'room is full');
        return;
      }
      connection = new RoomConnection(peerOf(socket, tcp), access.role, limits.maxBufferedBytes, awarenessIntervalMs);
      room = loaded;
      room.join(connection);
      for (const data of early.splice(0)) room.receive(connection, data);
    })().catch((error: unknown) => {
      log.error({ err: error }, 'could not open room');
      socket.close(CloseCode.internalError, 'room could not be opened');
    });
  });
}

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}
