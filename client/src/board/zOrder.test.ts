import { describe, expect, it } from 'vitest';
import { compareStacking, zAbove } from './zOrder';

describe('zAbove', () => {
  it('starts an empty board at a fixed key', () => {
    expect(zAbove(null)).toBe('a0');
    expect(zAbove('')).toBe('a0');
  });

  it('always sorts after the given key, over many additions', () => {
    let top: string | null = null;
    for (let i = 0; i < 500; i++) {
      const next = zAbove(top);
      if (top !== null) expect(next > top).toBe(true);
      top = next;
    }
    expect(top?.length).toBeLessThan(12);
  });

  it('sorts after keys written by other clients with characters outside its alphabet', () => {
    for (const key of ['a~', 'Zz', 'é', 'é0', 'a0.5', 'a.z', 'zz']) expect(zAbove(key) > key).toBe(true);
  });
});

describe('compareStacking', () => {
  it('orders by z, then by id', () => {
    const items = [
      { id: 'b', z: 'a1' },
      { id: 'a', z: 'a1' },
      { id: 'c', z: 'a0' },
    ];
    expect([...items].sort(compareStacking).map((item) => item.id)).toEqual(['c', 'a', 'b']);
  });

  it('compares by code unit, not locale', () => {
    const items = [
      { id: 'x', z: 'a' },
      { id: 'y', z: 'B' },
    ];
    expect([...items].sort(compareStacking).map((item) => item.id)).toEqual(['y', 'x']);
  });
});
