import { readJsonArray } from '../storage/localStore';

/**
 * "Saved" accounting: which local changes the server has confirmed as durable.
 *
 * The server sends every update back to its sender once it is durable (see
 * DESIGN.md, "Durability and history"), and it answers a sync step 1 only
 * once everything it has applied is durable. So a local change is saved once
 * an update from the server covers it:
 *
 * - a change that inserted content is covered when the server has sent our
 *   client's clock up to the change's end (Y.parseUpdateMeta's `to`), or
 *   when its sync step 1 state vector, confirmed durable by the step 2 that
 *   follows it, reaches that clock. A client's clocks are applied in order,
 *   so one high-water mark per client is enough.
 * - a change that only deleted (no new items, so no clock moved) is covered
 *   when the delete set of an update from the server includes every range it
 *   deleted.
 *
 * Pure data and arithmetic, no Yjs: BoardSync feeds it local transactions
 * and what it decodes from the server's messages.
 */

/** Deleted ranges per client id, in the shape of Yjs's `DeleteSet.clients`. */
export type DeleteRanges = ReadonlyMap<number, ReadonlyArray<{ readonly clock: number; readonly len: number }>>;

/** One local transaction not yet confirmed by the server. */
export type PendingChange =
  /** Inserted content: every item of `client` below `clock` must be on the server. */
  | { readonly kind: 'insert'; readonly client: number; readonly clock: number }
  /** Deleted only: each [client, clock, len] range must be deleted on the server. */
  | { readonly kind: 'delete'; readonly ranges: ReadonlyArray<readonly [number, number, number]> };

/** What a finished local transaction changed, for `recordLocal`. */
export interface LocalChange {
  client: number;
  /** The client's clock before and after the transaction (Yjs state vector entries). */
  before: number;
  after: number;
  deletes: DeleteRanges;
}

export class SaveLedger {
  #pending: PendingChange[] = [];
  readonly #confirmed = new Map<number, number>();

  /** Local changes not yet confirmed: the "N unsaved changes". */
  get count(): number {
    return this.#pending.length;
  }

  /** True when some pending change can only be confirmed through a delete set (worth decoding one). */
  get awaitsDeletes(): boolean {
    return this.#pending.some((change) => change.kind === 'delete');
  }

  get pending(): readonly PendingChange[] {
    return this.#pending;
  }

  /** Records a local transaction; one that changed nothing is not a change. */
  recordLocal(change: LocalChange): void {
    if (change.after > change.before) {
      if ((this.#confirmed.get(change.client) ?? 0) >= change.after) return;
      this.#pending.push({ kind: 'insert', client: change.client, clock: change.after });
      return;
    }
    const ranges: [number, number, number][] = [];
    for (const [client, items] of change.deletes) {
      for (const item of items) if (item.len > 0) ranges.push([client, item.clock, item.len]);
    }
    if (ranges.length > 0) this.#pending.push({ kind: 'delete', ranges });
  }

  /** Adds changes recorded earlier (by a previous page load), keeping their order ahead of new ones. */
  adopt(changes: readonly PendingChange[]): void {
    this.#pending = [...changes, ...this.#pending];
    this.#settle();
  }

  /**
   * The server holds, durably, every item of each client below the given clock
   * (an echoed update's `to`, or a state vector confirmed by a step 2).
   * Returns how many pending changes this confirmed.
   */
  confirmClocks(clocks: Iterable<readonly [number, number]>): number {
    for (const [client, clock] of clocks) {
      if (clock > (this.#confirmed.get(client) ?? 0)) this.#confirmed.set(client, clock);
    }
    return this.#settle();
  }

  /** The server holds, durably, these deletions (the delete set of an update it sent). */
  confirmDeletes(deleted: DeleteRanges): number {
    if (!this.awaitsDeletes || deleted.size === 0) return 0;
    const index = new Map<number, Array<[number, number]>>();
    for (const [client, items] of deleted) index.set(client, mergeRanges(items));
    const before = this.#pending.length;
    this.#pending = this.#pending.filter(
      (change) => change.kind !== 'delete' || !change.ranges.every(([client, clock, len]) => covers(index.get(client), clock, len)),
    );
    return before - this.#pending.length;
  }

  /**
   * Drops changes that this copy of the document no longer holds (its stored
   * copy was cleared): they can never be sent, so they must not count as unsaved forever.
   */
  retainHeld(holds: (change: PendingChange) => boolean): void {
    this.#pending = this.#pending.filter(holds);
  }

  #settle(): number {
    const before = this.#pending.length;
    this.#pending = this.#pending.filter(
      (change) => change.kind !== 'insert' || (this.#confirmed.get(change.client) ?? 0) < change.clock,
    );
    return before - this.#pending.length;
  }
}

/** Sorted, merged [start, end) intervals. */
function mergeRanges(items: ReadonlyArray<{ readonly clock: number; readonly len: number }>): Array<[number, number]> {
  const sorted = items
    .filter((item) => item.len > 0)
    .map((item): [number, number] => [item.clock, item.clock + item.len])
    .sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push(range);
  }
  return merged;
}

/** Whether [clock, clock + len) lies inside one of the merged intervals. */
function covers(intervals: Array<[number, number]> | undefined, clock: number, len: number): boolean {
  if (!intervals) return false;
  let low = 0;
  let high = intervals.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const [start, end] = intervals[mid]!;
    if (clock < start) high = mid - 1;
    else if (clock >= end) low = mid + 1;
    else return clock + len <= end;
  }
  return false;
}

/** Serialises pending changes compactly: [client, clock] for inserts, [[client, clock, len], ...] for deletes. */
export function serializePending(changes: readonly PendingChange[]): string {
  return JSON.stringify(changes.map((change) => (change.kind === 'insert' ? [change.client, change.clock] : [change.ranges])));
}

/** Reads what `serializePending` wrote; anything malformed is skipped (it is only a count shown to the person). */
export function parsePending(raw: string | null): PendingChange[] {
  const data = readJsonArray(raw);
  const changes: PendingChange[] = [];
  for (const entry of data) {
    if (!Array.isArray(entry)) continue;
    if (entry.length === 2 && isCount(entry[0]) && isCount(entry[1])) {
      changes.push({ kind: 'insert', client: entry[0], clock: entry[1] });
    } else if (entry.length === 1 && Array.isArray(entry[0])) {
      const ranges = (entry[0] as unknown[]).filter(
        (range): range is [number, number, number] =>
          Array.isArray(range) && range.length === 3 && range.every(isCount) && (range[2] as number) > 0,
      );
      if (ranges.length > 0) changes.push({ kind: 'delete', ranges });
    }
  }
  return changes;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
