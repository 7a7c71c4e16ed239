import { groupSnapshotsBySession, type SnapshotGroup } from './grouping';
import type { HistoryApi, SessionInfo, SnapshotMeta } from './historyApi';

/**
 * The snapshots and sessions of one board, as the panel lists them. Refreshes
 * are coalesced: one asked for while another is running runs once after it,
 * so a burst of notices costs two requests, not one per notice.
 */
export class SnapshotList {
  #snapshots = $state.raw<SnapshotMeta[]>([]);
  #sessions = $state.raw<SessionInfo[]>([]);
  #loaded = $state(false);
  #error = $state<string | null>(null);
  #running: Promise<void> | null = null;
  #again = false;

  readonly groups: SnapshotGroup[] = $derived(groupSnapshotsBySession(this.#snapshots, this.#sessions));

  readonly #api: HistoryApi;

  constructor(api: HistoryApi) {
    this.#api = api;
  }

  get snapshots(): SnapshotMeta[] {
    return this.#snapshots;
  }

  /** False until the first answer (or failure). */
  get loaded(): boolean {
    return this.#loaded;
  }

  get error(): string | null {
    return this.#error;
  }

  refresh(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#load().finally(() => {
      this.#running = null;
      if (this.#again) {
        this.#again = false;
        void this.refresh();
      }
    });
    return this.#running;
  }

  /** Shows a snapshot at once (from a notice or our own POST), before the next refresh confirms it. */
  add(snapshot: SnapshotMeta): void {
    if (!this.#snapshots.some((s) => s.id === snapshot.id)) this.#snapshots = [...this.#snapshots, snapshot];
  }

  remove(snapshotId: string): void {
    this.#snapshots = this.#snapshots.filter((s) => s.id !== snapshotId);
  }

  async #load(): Promise<void> {
    try {
      const [snapshots, sessions] = await Promise.all([this.#api.listSnapshots(), this.#api.listSessions()]);
      this.#snapshots = snapshots;
      this.#sessions = sessions;
      this.#error = null;
    } catch (cause) {
      this.#error = cause instanceof Error ? cause.message : 'the snapshots could not be loaded';
    } finally {
      this.#loaded = true;
    }
  }
}
