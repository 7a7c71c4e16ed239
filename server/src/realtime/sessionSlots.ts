import type { AddressLimiter } from './AddressLimiter.js';

/** What of a socket.io server socket tells when its session is over. */
export interface SessionLifecycle {
  once(event: 'disconnect', listener: () => void): unknown;
  /** The engine.io connection under it. */
  readonly conn: {
    readonly readyState: string;
    once(event: 'close', listener: () => void): unknown;
    off(event: 'close', listener: () => void): unknown;
  };
}

/**
 * Takes one of `address`'s session slots for a socket still in its handshake
 * (socket.io middleware) and gives it back exactly once, on whichever comes
 * first: the session disconnects; its connection closes before the handshake
 * completed (socket.io then drops the socket without a 'disconnect'); or the
 * returned function is called, when a later check refuses the session (no
 * 'disconnect' then either). Null when the address has no slot left.
 */
export function holdSessionSlot(socket: SessionLifecycle, limiter: AddressLimiter, address: string): (() => void) | null {
  // Already closed: socket.io drops the socket whatever the middleware says, and no 'close' would follow.
  if (socket.conn.readyState === 'closed') return () => undefined;
  if (!limiter.tryAcquire(address)) return null;
  let held = true;
  const release = (): void => {
    if (!held) return;
    held = false;
    // One engine.io connection can carry many sessions in turn: do not pile up listeners on it.
    socket.conn.off('close', release);
    limiter.release(address);
  };
  socket.once('disconnect', release);
  socket.conn.once('close', release);
  return release;
}
