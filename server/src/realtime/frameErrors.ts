import { EventEmitter } from 'node:events';
import { WebSocket } from 'ws';
import { CloseCode } from '@idea-board/shared';

/** A close frame's payload is at most 125 bytes, 2 of them the code. */
export const MAX_CLOSE_REASON_BYTES = 123;

const PROTOCOL_ERROR = 1002;

/** The close code and reason for one frame-level error. */
export interface FrameErrorClose {
  code: number;
  reason: string;
}

/**
 * The close code and reason for an error `ws`'s frame parser reported, from
 * its `code` (`WS_ERR_*`) and, for the number it names, its message. Null for
 * an error this does not know: `ws` then closes as it always did (code only).
 * The codes are the ones `ws` assigns (RFC 6455: 1002 protocol error, 1007
 * invalid data, 1009 too big).
 */
export function frameErrorClose(error: Error & { code?: unknown }, maxMessageBytes: number): FrameErrorClose | null {
  const number = /(\d+)\s*$/.exec(error.message)?.[1];
  const value = number === undefined ? null : Number(number);
  switch (error.code) {
    case 'WS_ERR_INVALID_OPCODE':
      return protocolError(invalidOpcode(value));
    case 'WS_ERR_UNEXPECTED_RSV_1':
      return protocolError('RSV1 set but no extension negotiated');
    case 'WS_ERR_UNEXPECTED_RSV_2_3':
      return protocolError('RSV2 and RSV3 must be clear');
    case 'WS_ERR_EXPECTED_MASK':
      return protocolError('client frames must be masked');
    case 'WS_ERR_EXPECTED_FIN':
      return protocolError('fragmented control frame');
    case 'WS_ERR_INVALID_CONTROL_PAYLOAD_LENGTH':
      // ws names the 7-bit length field: 1 (a close frame), or 126/127 (an extended length).
      return protocolError(value === 1 ? 'close frame with a 1-byte payload' : 'control frame payload over 125 bytes');
    case 'WS_ERR_INVALID_CLOSE_CODE':
      return protocolError(value === null ? 'close code not allowed' : `close code ${value} not allowed`);
    case 'WS_ERR_INVALID_UTF8':
      return { code: CloseCode.invalidPayload, reason: 'invalid UTF-8 in a text frame or close reason' };
    case 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH':
      return { code: CloseCode.messageTooBig, reason: `message too big: over ${maxMessageBytes} bytes` };
    case 'WS_ERR_UNSUPPORTED_DATA_PAYLOAD_LENGTH':
      return { code: CloseCode.messageTooBig, reason: 'message too big: declared length over 2^53 - 1 bytes' };
    default:
      return null;
  }
}

function invalidOpcode(opcode: number | null): string {
  if (opcode === 0) return 'continuation frame with no message to continue';
  // ws reports a text or binary opcode as invalid only while a fragmented message is open.
  if (opcode === 1 || opcode === 2) return 'new data frame inside a fragmented message';
  if (opcode === null) return 'invalid opcode';
  return `reserved opcode 0x${opcode.toString(16).toUpperCase()}`;
}

function protocolError(what: string): FrameErrorClose {
  return { code: PROTOCOL_ERROR, reason: `invalid frame: ${what}` };
}

/**
 * Makes `socket` close with a reason when a frame breaks the protocol. On such
 * an error, ws's own handler (`receiverOnError` in ws/lib/websocket.js) calls
 * `close(code)` with no reason and then emits 'error' on the socket, after the
 * close frame has gone out. The only earlier point is the 'error' event of the
 * socket's frame parser, `socket._receiver` (private, hence the check): a
 * listener put in front of ws's closes first, with the reason, and ws's own
 * `close(code)` then finds the socket closing and sends nothing more. Call it
 * right after the upgrade, before any frame is read.
 */
export function closeWithReasonOnFrameErrors(socket: WebSocket, maxMessageBytes: number): void {
  const receiver = (socket as unknown as { _receiver?: unknown })._receiver;
  // Without it (a future ws), ws closes with the code alone, as before.
  if (!(receiver instanceof EventEmitter)) return;
  receiver.prependListener('error', (error: Error & { code?: unknown }) => {
    if (socket.readyState !== WebSocket.OPEN) return;
    const close = frameErrorClose(error, maxMessageBytes);
    if (close) socket.close(close.code, fitCloseReason(close.reason));
  });
}

/** `reason` cut to what a close frame can carry (`ws` throws on a longer one). */
export function fitCloseReason(reason: string): string {
  if (Buffer.byteLength(reason) <= MAX_CLOSE_REASON_BYTES) return reason;
  let fitted = reason.slice(0, MAX_CLOSE_REASON_BYTES);
  // Drops whole characters until the UTF-8 bytes fit (a cut surrogate pair counts as 3 bytes).
  while (Buffer.byteLength(fitted) > MAX_CLOSE_REASON_BYTES) fitted = fitted.slice(0, -1);
  return fitted;
}
