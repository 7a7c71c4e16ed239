/**
 * Peeks at y-websocket sync messages without consuming them: the message
 * handler that applies them (y-protocols) reads the same bytes afterwards.
 *
 * Layout after the leading message type (0 = sync): varUint sub-type
 * (0 step 1, 1 step 2, 2 update), then one varUint8Array payload: a state
 * vector for step 1, a v1 update for step 2 and update.
 */

export type SyncPayload =
  | { kind: 'step1'; stateVector: Uint8Array }
  | { kind: 'step2'; update: Uint8Array }
  | { kind: 'update'; update: Uint8Array };

/** Reads the sync sub-message that starts at `offset` (just after the message type); null if malformed. */
export function peekSyncPayload(bytes: Uint8Array, offset: number): SyncPayload | null {
  const subtype = readVarUint(bytes, offset);
  if (!subtype) return null;
  const length = readVarUint(bytes, subtype.next);
  if (!length) return null;
  const start = length.next;
  const end = start + length.value;
  if (end > bytes.length) return null;
  const payload = bytes.subarray(start, end);
  switch (subtype.value) {
    case 0:
      return { kind: 'step1', stateVector: payload };
    case 1:
      return { kind: 'step2', update: payload };
    case 2:
      return { kind: 'update', update: payload };
    default:
      return null;
  }
}

/** lib0's varUint: 7 bits per byte, least significant first, high bit = more follows. */
export function readVarUint(bytes: Uint8Array, offset: number): { value: number; next: number } | null {
  let value = 0;
  let multiplier = 1;
  for (let pos = offset; pos < bytes.length && pos < offset + 8; pos++) {
    const byte = bytes[pos]!;
    value += (byte & 0x7f) * multiplier;
    if (byte < 0x80) return { value, next: pos + 1 };
    multiplier *= 128;
  }
  return null;
}

/**
 * Reads a y-protocols auth message that starts at `offset` (just after the
 * message type): varUint sub-type (0 = permission denied), varString reason.
 */
export function peekPermissionDenied(bytes: Uint8Array, offset: number): { reason: string } | null {
  const subtype = readVarUint(bytes, offset);
  if (!subtype || subtype.value !== 0) return null;
  const length = readVarUint(bytes, subtype.next);
  if (!length || length.next + length.value > bytes.length) return { reason: '' };
  const reason = new TextDecoder().decode(bytes.subarray(length.next, length.next + length.value));
  return { reason };
}
