import path from 'node:path';

/** Everything the server reads from the environment, parsed once at start-up. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  logLevel: string;
  /** Folder of the built client (index.html, assets/). */
  clientDir: string;
  /** Take the client address from X-Forwarded-For (behind a reverse proxy). */
  trustProxy: boolean;
  limits: Limits;
  compaction: CompactionSettings;
  /** A room stays loaded this long after its last connection left. */
  roomUnloadDelayMs: number;
}

export interface Limits {
  /** One incoming WebSocket message, bytes. */
  maxMessageBytes: number;
  /** Stored size of one board (checkpoint plus log), bytes. */
  maxDocumentBytes: number;
  maxConnectionsPerRoom: number;
  maxConnectionsPerAddress: number;
  /** Outgoing bytes queued for one connection before it is dropped as a slow consumer. */
  maxBufferedBytes: number;
  /** Awareness updates accepted per second from one connection; the rest are coalesced. */
  awarenessUpdatesPerSecond: number;
  /** Document updates accepted per second from one connection, on average (bursts of two seconds' worth). */
  maxUpdatesPerSecond: number;
  /** JSON request bodies, bytes. */
  maxJsonBodyBytes: number;
  /** An exported board sent to `POST /api/rooms`, bytes. */
  maxImportBytes: number;
}

export interface CompactionSettings {
  /**
   * Write a new checkpoint after this many logged updates since the last one;
   * on a board whose state is over 1 MiB, after this many per MiB of state
   * (see checkpointDue in rooms/checkpointPolicy.ts).
   */
  checkpointEveryUpdates: number;
  /** ... or after this many logged bytes since the last one. */
  checkpointEveryBytes: number;
  /** Log entries older than this are merged into one entry per minute. */
  mergeLogOlderThanMs: number;
}

type Env = Record<string, string | undefined>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

function integer(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new ConfigError(`${name} must be an integer >= ${min}, got "${raw}"`);
  }
  return value;
}

function flag(env: Env, name: string): boolean {
  const raw = (env[name] ?? '').toLowerCase();
  return raw === '1' || raw === 'true' || raw === 'yes';
}

const MiB = 1024 * 1024;

export function loadConfig(env: Env = process.env): Config {
  return {
    port: integer(env, 'PORT', 8080),
    host: env.HOST || '0.0.0.0',
    dataDir: path.resolve(env.DATA_DIR || './data'),
    logLevel: env.LOG_LEVEL || 'info',
    clientDir: path.resolve(env.CLIENT_DIR || new URL('../../client/dist', import.meta.url).pathname),
    trustProxy: flag(env, 'TRUST_PROXY'),
    limits: {
      maxMessageBytes: integer(env, 'MAX_MESSAGE_BYTES', 16 * MiB, 1024),
      maxDocumentBytes: integer(env, 'MAX_DOCUMENT_BYTES', 64 * MiB, 1024),
      maxConnectionsPerRoom: integer(env, 'MAX_CONNECTIONS_PER_ROOM', 500, 1),
      maxConnectionsPerAddress: integer(env, 'MAX_CONNECTIONS_PER_ADDRESS', 1000, 1),
      maxBufferedBytes: integer(env, 'MAX_BUFFERED_BYTES', 32 * MiB, 1024),
      awarenessUpdatesPerSecond: integer(env, 'AWARENESS_UPDATES_PER_SECOND', 30, 1),
      // A pen or a drag sends one update per animation frame (60/s); typing far fewer.
      maxUpdatesPerSecond: integer(env, 'MAX_UPDATES_PER_SECOND', 200, 1),
      maxJsonBodyBytes: integer(env, 'MAX_JSON_BODY_BYTES', 1 * MiB, 1024),
      maxImportBytes: integer(env, 'MAX_IMPORT_BYTES', 16 * MiB, 1024),
    },
    // Long enough for a page reload or a dropped network to come back to the same session.
    roomUnloadDelayMs: integer(env, 'ROOM_UNLOAD_DELAY_MS', 15_000, 0),
    compaction: {
      checkpointEveryUpdates: integer(env, 'CHECKPOINT_EVERY_UPDATES', 1000, 1),
      checkpointEveryBytes: integer(env, 'CHECKPOINT_EVERY_BYTES', 4 * MiB, 1024),
      mergeLogOlderThanMs: integer(env, 'MERGE_LOG_OLDER_THAN_MS', 10 * 60_000, 0),
    },
  };
}
