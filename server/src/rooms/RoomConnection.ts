import type { Role } from '@idea-board/shared';
import { CloseCode } from '@idea-board/shared';
import type { Peer } from './Peer.js';
import { encodePermissionDenied } from './protocol.js';
import { UpdateRateLimit } from './UpdateRateLimit.js';

/**
 * One client's connection to a room: its peer, its role, the awareness client
 * ids it owns, and its per-connection limits. Used as the transaction origin of
 * the updates it sends.
 */
export class RoomConnection {
  /** Awareness client ids this connection has announced; removed when it closes. */
  readonly awarenessClientIds = new Set<number>();
  private deniedNotified = false;
  private closed = false;
  private lastAwarenessAt = -Infinity;
  private pendingAwareness: Uint8Array | null = null;
  private awarenessTimer: NodeJS.Timeout | null = null;
  /** Created with the first update: a connection that only watches never needs one. */
  private updateRate: UpdateRateLimit | null = null;

  constructor(
    private readonly peer: Peer,
    readonly role: Role,
    private readonly maxBufferedBytes: number,
    private readonly awarenessIntervalMs: number,
  ) {}

  get isClosed(): boolean {
    return this.closed;
  }

  /** Sends unless closed; a client that stops reading is dropped instead of growing our memory. */
  send(data: Uint8Array): void {
    if (this.closed) return;
    this.peer.send(data);
    if (this.peer.bufferedAmount > this.maxBufferedBytes) {
      this.close(CloseCode.slowConsumer, 'client is not reading: outgoing buffer over the limit');
    }
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.clearAwarenessTimer();
    this.peer.close(code, reason);
  }

  /** Counts one document update against the connection's rate (bursts of two seconds' worth); false when over it. */
  allowUpdate(perSecond: number, now: number): boolean {
    this.updateRate ??= new UpdateRateLimit(perSecond, perSecond * 2, now);
    return this.updateRate.take(now);
  }

  /** Tells a read-only client, once, that its writes are dropped. */
  denyWrite(reason: string): void {
    if (this.deniedNotified) return;
    this.deniedNotified = true;
    this.send(encodePermissionDenied(reason));
  }

  /**
   * Bounds how often this connection's awareness is applied: within the
   * interval, only the newest update is kept and applied when the interval ends.
   */
  throttleAwareness(update: Uint8Array, apply: (update: Uint8Array) => void): void {
    const now = performance.now();
    const wait = this.lastAwarenessAt + this.awarenessIntervalMs - now;
    if (wait <= 0 && !this.awarenessTimer) {
      this.lastAwarenessAt = now;
      apply(update);
      return;
    }
    this.pendingAwareness = update;
    if (this.awarenessTimer) return;
    this.awarenessTimer = setTimeout(() => {
      this.awarenessTimer = null;
      const pending = this.pendingAwareness;
      this.pendingAwareness = null;
      if (pending && !this.closed) {
        this.lastAwarenessAt = performance.now();
        apply(pending);
      }
    }, Math.max(0, wait));
  }

  private clearAwarenessTimer(): void {
    if (this.awarenessTimer) clearTimeout(this.awarenessTimer);
    this.awarenessTimer = null;
    this.pendingAwareness = null;
  }
}
