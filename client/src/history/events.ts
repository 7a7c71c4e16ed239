import type { SnapshotMeta } from './historyApi';

/**
 * The session channel's history notices (shared `SessionServerEvents`:
 * `snapshot:created`, `board:restored`) as the history panel consumes them.
 * Whoever owns the socket.io connection passes a `subscribe` function; the
 * panel calls it while mounted and calls the returned function to stop.
 */
export type HistoryEvent =
  | { type: 'snapshot:created'; snapshot: SnapshotMeta }
  | { type: 'board:restored'; snapshotId?: string; at?: string };

export type SubscribeHistoryEvents = (listener: (event: HistoryEvent) => void) => () => void;
