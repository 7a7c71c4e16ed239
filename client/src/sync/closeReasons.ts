import { CloseCode } from '@idea-board/shared';

/**
 * What a WebSocket close from the server means for the client: retry
 * (with backoff) or stop and tell the person why.
 *
 * Refusals about the room itself (bad id, unknown room, access withdrawn,
 * board over its size limit) cannot be fixed by reconnecting, so they stop.
 * Two 44xx codes are about this connection's behaviour, not the room:
 * a slow reader (4408) and a rate limit (4429). Those retry with backoff,
 * which is exactly what they ask for.
 */
const TRANSIENT_44XX: ReadonlySet<number> = new Set([CloseCode.slowConsumer, CloseCode.rateLimited]);

export function isRefusal(code: number): boolean {
  return code >= 4400 && code < 4500 && !TRANSIENT_44XX.has(code);
}

/** A sentence for the person, for a refusal close. */
export function describeRefusal(code: number, reason: string): string {
  switch (code) {
    case CloseCode.unknownRoom:
      return 'This board does not exist.';
    case CloseCode.invalidRoomId:
      return 'This link is not a valid board link.';
    case CloseCode.forbidden:
      return 'This link no longer gives access to the board.';
    case CloseCode.documentTooLarge:
      return 'The board is over its size limit: the latest changes could not be saved.';
    default:
      return reason ? `The server refused the connection: ${reason}.` : `The server refused the connection (code ${code}).`;
  }
}
