import path from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { pino, type Logger } from 'pino';
import type { Server as SocketIoServer } from 'socket.io';
import { CloseCode } from '@idea-board/shared';
import type { Config } from './config.js';
import type { Store } from './store/Store.js';
import { SqliteStore } from './store/SqliteStore.js';
import { RoomRegistry } from './rooms/RoomRegistry.js';
import { createMetrics } from './metrics.js';
import { AddressLimiter } from './realtime/AddressLimiter.js';
import { createYjsTransport } from './realtime/yjsTransport.js';
import { attachSessionChannel, sessionNotifier, type SessionNotifier } from './realtime/sessionChannel.js';
import { routeUpgrades } from './realtime/upgradeRouter.js';
import { registerErrorHandler } from './http/errors.js';
import { registerRoomsRoutes } from './http/roomsRoutes.js';
import { registerHealthRoutes } from './http/healthRoutes.js';
import { registerSnapshotsRoutes } from './http/snapshotsRoutes.js';
import { registerHistoryRoutes } from './http/historyRoutes.js';
import { registerPreviewRoutes } from './http/previewRoutes.js';
import { BoardHistory } from './history/BoardHistory.js';
import { registerClientRoutes } from './http/clientRoutes.js';

export interface BoardServer {
  app: FastifyInstance;
  store: Store;
  rooms: RoomRegistry;
  io: SocketIoServer;
  /** Flushes every room, closes sockets with 1012 ("service restart"), closes the store. */
  shutdown(): Promise<void>;
}

export interface BuildOptions {
  /** A store to use instead of the SQLite file under `dataDir` (tests). */
  store?: Store;
  logger?: Logger;
  /** Clock, ms since epoch, for the store and rooms (tests simulate time with it). */
  now?: () => number;
}

/** Builds the whole server; it does not listen (see main.ts). */
export async function buildServer(config: Config, options: BuildOptions = {}): Promise<BoardServer> {
  const logger: Logger = options.logger ?? pino({ level: config.logLevel });
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    trustProxy: config.trustProxy,
    bodyLimit: config.limits.maxJsonBodyBytes,
    // Upgrade requests are kept open by the WebSocket; everything else must answer promptly.
    requestTimeout: 30_000,
    // A title sent as 42 is a client bug to report, not a string to guess.
    ajv: { customOptions: { coerceTypes: false } },
  });
  const store =
    options.store ??
    new SqliteStore({
      filename: path.join(config.dataDir, 'board.sqlite'),
      ...(options.now ? { now: options.now } : {}),
      onBackgroundError: (error) => logger.error({ err: error }, 'moving journaled updates into SQLite failed; retrying'),
    });
  if (store instanceof SqliteStore && store.journalMode === 'written') {
    logger.warn('the file_map addon is not built (it needs python3, make and a C compiler at npm install): updates are journaled with a write() each, which costs more CPU');
  }
  const rooms = new RoomRegistry({
    store,
    limits: config.limits,
    compaction: config.compaction,
    logger,
    unloadDelayMs: config.roomUnloadDelayMs,
    ...(options.now ? { now: options.now } : {}),
  });
  const metrics = createMetrics(() => rooms.openRoomCount);
  const addressLimiter = new AddressLimiter(config.limits.maxConnectionsPerAddress);
  // socket.io sessions get a count of their own with the same limit: every open board holds one
  // /yjs socket and one session, so one shared count would halve the limit an operator set.
  const sessionAddressLimiter = new AddressLimiter(config.limits.maxConnectionsPerAddress);

  registerErrorHandler(app);
  // WebSocket upgrades bypass Fastify's routing (see yjsTransport.ts and upgradeRouter.ts).
  const yjs = createYjsTransport({ store, rooms, limits: config.limits, addressLimiter, metrics, logger, trustProxy: config.trustProxy });
  const history = new BoardHistory(store, rooms);
  // socket.io attaches once the HTTP server is ready; until then there is nobody to notify.
  const notifier: SessionNotifier = { notify: (...args) => liveNotifier?.notify(...args) };
  let liveNotifier: SessionNotifier | null = null;
  registerRoomsRoutes(app, store, rooms, config.limits);
  registerSnapshotsRoutes(app, store, history, notifier);
  registerHistoryRoutes(app, store, history, notifier);
  registerPreviewRoutes(app, store, rooms);
  registerHealthRoutes(app, metrics);
  await registerClientRoutes(app, config.clientDir);
  await app.ready();

  const io = attachSessionChannel(app.server, {
    store,
    rooms,
    logger,
    addressLimiter: sessionAddressLimiter,
    metrics,
    trustProxy: config.trustProxy,
  });
  liveNotifier = sessionNotifier(io);
  routeUpgrades(app.server, yjs);

  let shuttingDown: Promise<void> | null = null;
  const shutdown = (): Promise<void> => {
    shuttingDown ??= (async () => {
      io.disconnectSockets(true);
      await rooms.closeAll(CloseCode.serviceRestart, 'server restarting');
      // Sockets whose room was still loading, or whose handshake began during the flush.
      yjs.closeAll(CloseCode.serviceRestart, 'server restarting');
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await app.close();
      await store.close();
    })();
    return shuttingDown;
  };

  return { app, store, rooms, io, shutdown };
}
