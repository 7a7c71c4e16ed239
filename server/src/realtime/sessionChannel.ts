import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { Logger } from 'pino';
import {
  SOCKET_IO_PATH,
  SessionErrorCode,
  isValidRoomId,
  normalizeColor,
  normalizeDisplayName,
  type Participant,
  type SessionClientEvents,
  type SessionErrorCodeValue,
  type SessionServerEvents,
} from '@idea-board/shared';
import type { Store } from '../store/Store.js';
import type { RoomRegistry } from '../rooms/RoomRegistry.js';
import type { Metrics } from '../metrics.js';
import type { AddressLimiter } from './AddressLimiter.js';
import { clientAddress } from './clientAddress.js';
import { holdSessionSlot } from './sessionSlots.js';

interface SocketData {
  participant: Participant;
  roomId: string;
}

type SessionServer = Server<SessionClientEvents, SessionServerEvents, Record<string, never>, SocketData>;
type SessionSocket = Socket<SessionClientEvents, SessionServerEvents, Record<string, never>, SocketData>;

/** A refusal the client receives as `connect_error`: `message`, and `data.code`. */
function sessionError(message: string, code: SessionErrorCodeValue): Error {
  return Object.assign(new Error(message), { data: { code } });
}

const PALETTE = ['#e03131', '#2f9e44', '#1971c2', '#f08c00', '#9c36b5', '#0c8599', '#e8590c', '#5f3dc4'];

function channelOf(roomId: string): string {
  return `room:${roomId}`;
}

/**
 * The session channel: socket.io on the same HTTP server, one socket.io room
 * per board, carrying the roster (who is here, editor or viewer). The roster
 * is read from the sockets themselves (`fetchSockets`), so it stays right
 * across nodes once the Redis adapter is plugged in.
 */
/** Tells everyone in a room's session channel about something that happened outside it. */
export interface SessionNotifier {
  notify<E extends 'snapshot:created' | 'board:restored'>(roomId: string, event: E, ...args: Parameters<SessionServerEvents[E]>): void;
}

export function sessionNotifier(io: SessionServer): SessionNotifier {
  return {
    notify(roomId, event, ...args) {
      io.to(channelOf(roomId)).emit(event, ...args);
    },
  };
}

export interface SessionChannelOptions {
  store: Store;
  rooms: RoomRegistry;
  logger: Logger;
  /** Sessions per client address (a count of their own, apart from the /yjs sockets': see app.ts). */
  addressLimiter: AddressLimiter;
  metrics: Metrics;
  /** Take the client address from X-Forwarded-For, as yjsTransport.ts does. */
  trustProxy: boolean;
}

export function attachSessionChannel(httpServer: HttpServer, options: SessionChannelOptions): SessionServer {
  const { store, rooms, logger, addressLimiter, metrics, trustProxy } = options;
  const io: SessionServer = new Server(httpServer, {
    path: SOCKET_IO_PATH,
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
  });

  // The address check comes first, so an address at its limit costs no store lookup.
  io.use((socket, next) => {
    const release = holdSessionSlot(socket, addressLimiter, clientAddress(socket.request, trustProxy));
    if (!release) {
      metrics.refusedConnections.inc({ reason: 'session_address' });
      next(sessionError('too many connections from this address', SessionErrorCode.tooManyConnections));
      return;
    }
    admit(socket, store, logger).then(
      () => next(),
      (error: unknown) => {
        release();
        next(error instanceof Error ? error : new Error('server error'));
      },
    );
  });

  io.on('connection', (socket: SessionSocket) => {
    // Names in the session channel count as taking part in the board's current session.
    rooms.peek(socket.data.roomId)?.noteParticipant(socket.data.participant.name);
    void join(io, socket).catch((error: unknown) => {
      logger.error({ err: error }, 'session join failed');
      socket.disconnect(true);
    });
  });

  return io;
}

/** Checks the room id in the handshake and fills `socket.data`; rejects with the error the client gets. */
async function admit(socket: SessionSocket, store: Store, logger: Logger): Promise<void> {
  const auth = socket.handshake.auth as Record<string, unknown>;
  const id = auth.roomId;
  if (!isValidRoomId(id)) throw sessionError('invalid room id', SessionErrorCode.invalidRoomId);
  const access = await store.findRoomByAccessId(id).catch((error: unknown) => {
    logger.error({ err: error }, 'session lookup failed');
    throw new Error('server error');
  });
  if (!access) throw sessionError('unknown room', SessionErrorCode.unknownRoom);
  const fallbackColor = PALETTE[Math.floor(Math.random() * PALETTE.length)]!;
  socket.data = {
    roomId: access.room.roomId,
    participant: {
      id: socket.id,
      name: normalizeDisplayName(auth.name),
      color: normalizeColor(auth.color, fallbackColor),
      role: access.role,
      joinedAt: Date.now(),
    },
  };
}

async function join(io: SessionServer, socket: SessionSocket): Promise<void> {
  const { roomId, participant } = socket.data;
  const channel = channelOf(roomId);
  await socket.join(channel);
  const sockets = await io.in(channel).fetchSockets();
  socket.emit(
    'roster',
    sockets.map((s) => s.data.participant),
  );
  socket.to(channel).emit('participant:joined', participant);

  socket.on('participant:update', (change) => {
    if (typeof change !== 'object' || change === null) return;
    const updated: Participant = {
      ...socket.data.participant,
      name: change.name === undefined ? socket.data.participant.name : normalizeDisplayName(change.name),
      color: normalizeColor(change.color, socket.data.participant.color),
    };
    socket.data.participant = updated;
    io.to(channel).emit('participant:joined', updated);
  });

  socket.on('disconnect', () => {
    socket.to(channel).emit('participant:left', { id: socket.id });
  });
}
