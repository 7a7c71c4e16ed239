import { describe, expect, it } from 'vitest';
import { commandForKey, type KeyLike } from './shortcuts';

function key(key: string, extra: Partial<KeyLike> = {}): KeyLike {
  return { key, code: '', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...extra };
}

describe('commandForKey', () => {
  it('picks tools by letter, in either case', () => {
    expect(commandForKey(key('v'))).toEqual({ kind: 'tool', tool: 'select' });
    expect(commandForKey(key('P'))).toEqual({ kind: 'tool', tool: 'pen' });
    expect(commandForKey(key('s'))).toEqual({ kind: 'tool', tool: 'sticky' });
    expect(commandForKey(key('n'))).toEqual({ kind: 'tool', tool: 'sticky' });
    expect(commandForKey(key('e'))).toEqual({ kind: 'tool', tool: 'eraser' });
    expect(commandForKey(key('q'))).toBeNull();
  });

  it('maps undo and redo with Ctrl or Cmd', () => {
    expect(commandForKey(key('z', { ctrlKey: true }))).toEqual({ kind: 'undo' });
    expect(commandForKey(key('z', { metaKey: true }))).toEqual({ kind: 'undo' });
    expect(commandForKey(key('Z', { ctrlKey: true, shiftKey: true }))).toEqual({ kind: 'redo' });
    expect(commandForKey(key('y', { ctrlKey: true }))).toEqual({ kind: 'redo' });
  });

  it('maps editing commands', () => {
    expect(commandForKey(key('Delete'))).toEqual({ kind: 'delete' });
    expect(commandForKey(key('Backspace'))).toEqual({ kind: 'delete' });
    expect(commandForKey(key('d', { metaKey: true }))).toEqual({ kind: 'duplicate' });
    expect(commandForKey(key('}', { ctrlKey: true, shiftKey: true, code: 'BracketRight' }))).toEqual({ kind: 'bringToFront' });
    expect(commandForKey(key('{', { metaKey: true, shiftKey: true, code: 'BracketLeft' }))).toEqual({ kind: 'sendToBack' });
    expect(commandForKey(key('Enter'))).toEqual({ kind: 'edit' });
  });

  it('nudges by one, or ten with shift', () => {
    expect(commandForKey(key('ArrowLeft'))).toEqual({ kind: 'nudge', dx: -1, dy: 0 });
    expect(commandForKey(key('ArrowDown', { shiftKey: true }))).toEqual({ kind: 'nudge', dx: 0, dy: 10 });
  });

  it('maps zoom keys', () => {
    expect(commandForKey(key('+'))).toEqual({ kind: 'zoomIn' });
    expect(commandForKey(key('-'))).toEqual({ kind: 'zoomOut' });
    expect(commandForKey(key('=', { ctrlKey: true }))).toEqual({ kind: 'zoomIn' });
    expect(commandForKey(key('0', { ctrlKey: true }))).toEqual({ kind: 'zoomReset' });
    expect(commandForKey(key('!', { shiftKey: true, code: 'Digit1' }))).toEqual({ kind: 'zoomFit' });
  });

  it('leaves browser shortcuts it does not own alone', () => {
    expect(commandForKey(key('c', { ctrlKey: true }))).toBeNull();
    expect(commandForKey(key('v', { ctrlKey: true }))).toBeNull();
    expect(commandForKey(key('r', { ctrlKey: true }))).toBeNull();
    expect(commandForKey(key('z', { ctrlKey: true, altKey: true }))).toBeNull();
  });
});
