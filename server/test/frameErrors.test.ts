import { describe, expect, it } from 'vitest';
import { MAX_CLOSE_REASON_BYTES, fitCloseReason, frameErrorClose } from '../src/realtime/frameErrors.js';

const wsError = (code: string, message: string): Error & { code: string } => Object.assign(new Error(message), { code });

describe('frame error close reasons', () => {
  it('leaves an error it does not know to ws (code only, as before)', () => {
    expect(frameErrorClose(wsError('WS_ERR_SOMETHING_NEW', 'Invalid WebSocket frame: something new'), 1024)).toBeNull();
    expect(frameErrorClose(new Error('no code at all'), 1024)).toBeNull();
  });

  it('still gives a reason when the message no longer names the number', () => {
    expect(frameErrorClose(wsError('WS_ERR_INVALID_OPCODE', 'bad opcode'), 1024)).toEqual({ code: 1002, reason: 'invalid frame: invalid opcode' });
    expect(frameErrorClose(wsError('WS_ERR_INVALID_CLOSE_CODE', 'bad close code'), 1024)).toEqual({
      code: 1002,
      reason: 'invalid frame: close code not allowed',
    });
  });

  it('every reason fits a close frame, whatever MAX_MESSAGE_BYTES is', () => {
    const close = frameErrorClose(wsError('WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', 'Max payload size exceeded'), Number.MAX_SAFE_INTEGER);
    expect(Buffer.byteLength(close?.reason ?? '')).toBeLessThanOrEqual(MAX_CLOSE_REASON_BYTES);
  });

  it('cuts a long reason to 123 bytes on a character boundary', () => {
    expect(fitCloseReason('short')).toBe('short');
    const cut = fitCloseReason('é'.repeat(100));
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(MAX_CLOSE_REASON_BYTES);
    expect(cut).toBe('é'.repeat(61));
  });
});
