import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { Logger } from 'pino';
import {
  SOCKET_IO_PATH,
  isValidRoomId,
  normalizeColor,
  normalizeDisplayName,
  type Participant,
  type SessionClientEvents,
  type SessionServerEvents,
} from '@idea-board/shared';
import type { Store } from '../store/Store.js';
import type { RoomRegistry } from '../rooms/RoomRegistry.js';

interface SocketData {
  participant: Participant;
  roomId: string;
}

type SessionServer = Server<SessionClientEvents, SessionServerEvents, Record<string, never>, SocketData>;
type SessionSocket = Socket<SessionClientEvents, SessionServerEvents, Record<string, never>, SocketData>;

/** Error codes sent with a refused session (as `connect_error` data). */
export const SessionErrorCode = {
  invalidRoomId: 'invalid_room_id',
  unknownRoom: 'unknown_room',
} as const;

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

export function attachSessionChannel(httpServer: HttpServer, store: Store, rooms: RoomRegistry, logger: Logger): SessionServer {
  const io: SessionServer = new Server(httpServer, {
    path: SOCKET_IO_PATH,
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
  });

  io.use((socket, next) => {
    const auth = socket.handshake.auth as Record<string, unknown>;
    const id = auth.roomId;
    if (!isValidRoomId(id)) {
      next(Object.assign(new Error('invalid room id'), { data: { code: SessionErrorCode.invalidRoomId } }));
      return;
    }
    store.findRoomByAccessId(id).then(
      (access) => {
        if (!access) {
          next(Object.assign(new Error('unknown room'), { data: { code: SessionErrorCode.unknownRoom } }));
          return;
        }
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
        next();
      },
      (error: unknown) => {
        logger.error({ err: error }, 'session lookup failed');
        next(new Error('server error'));
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
