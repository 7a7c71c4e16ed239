import { describe, expect, it } from 'vitest';
import { MAX_SELECTION, parsePeerState, peersFromStates, roundPoint } from './peerState';

describe('reading awareness states', () => {
  it('reads a well-formed state', () => {
    expect(
      parsePeerState(4, { user: { name: ' Ada ', color: '#1971c2' }, cursor: { x: 1.5, y: -2 }, selection: ['abc', 'def'] }),
    ).toEqual({ clientId: 4, name: 'Ada', color: '#1971c2', cursor: { x: 1.5, y: -2 }, selection: ['abc', 'def'] });
  });

  it('skips states without a user (the server, or someone leaving)', () => {
    expect(parsePeerState(1, null)).toBeNull();
    expect(parsePeerState(1, {})).toBeNull();
    expect(parsePeerState(1, { cursor: { x: 1, y: 1 } })).toBeNull();
  });

  it('bounds everything a rogue client could send', () => {
    const peer = parsePeerState(9, {
      user: { name: 'x'.repeat(500), color: 'url(javascript:alert(1))' },
      cursor: { x: Number.NaN, y: 3 },
      selection: ['ok', 'bad id', 42, '<script>', 'ok', ...Array.from({ length: 2 * MAX_SELECTION }, (_, i) => `id${i}`)],
    });
    expect(peer?.name.length).toBe(64);
    expect(peer?.color).toBe('#64748b');
    expect(peer?.cursor).toBeNull();
    expect(peer?.selection[0]).toBe('ok');
    expect(peer?.selection).not.toContain('bad id');
    expect(peer?.selection.length).toBe(MAX_SELECTION);
    expect(parsePeerState(9, { user: {}, cursor: { x: 1e12, y: 0 } })?.cursor).toBeNull();
    expect(parsePeerState(9, { user: {}, cursor: 'here' })?.name).toBe('Guest');
  });

  it('lists the others, not this tab, in client id order', () => {
    const states = new Map<number, unknown>([
      [30, { user: { name: 'C', color: '#000000' } }],
      [10, { user: { name: 'A', color: '#000000' } }],
      [20, { user: { name: 'Me', color: '#000000' } }],
      [5, {}],
    ]);
    expect(peersFromStates(states, 20).map((peer) => peer.name)).toEqual(['A', 'C']);
  });

  it('rounds cursor positions for the wire', () => {
    expect(roundPoint({ x: 1.23456, y: -9.87654 })).toEqual({ x: 1.2, y: -9.9 });
    expect(roundPoint({ x: Number.POSITIVE_INFINITY, y: 0 })).toBeNull();
    expect(roundPoint(null)).toBeNull();
  });
});
