import { describe, expect, it } from 'vitest';
import { memoryStore } from '../storage/localStore';
import { COLOR_KEY, GUEST_NAME_KEY, loadIdentity, NAME_KEY, PALETTE, readIdentity, writeIdentity } from './identity';

describe('identity', () => {
  it('makes up a guest name and a palette colour on first visit, and keeps them', () => {
    const store = memoryStore();
    const first = readIdentity(store, () => 4);
    expect(first).toEqual({ name: 'Guest 104', color: PALETTE[4]!.value, chosen: false });
    expect(store.get(NAME_KEY)).toBeNull();
    expect(readIdentity(store, () => 0)).toEqual(first);
    expect(store.get(GUEST_NAME_KEY)).toBe('Guest 104');
  });

  it('counts a stored name as chosen (what the e2e tests set)', () => {
    const store = memoryStore({ [NAME_KEY]: 'Alice' });
    expect(readIdentity(store).chosen).toBe(true);
    expect(loadIdentity(store).name).toBe('Alice');
  });

  it('stores a picked name and colour, normalised like the server does', () => {
    const store = memoryStore();
    readIdentity(store, () => 0);
    const next = writeIdentity({ name: '  Zoë \u0007 ', color: '#2f7d32' }, store);
    expect(next).toEqual({ name: 'Zoë', color: '#2f7d32', chosen: true });
    expect(readIdentity(store)).toEqual(next);
  });

  it('keeps the colour when a bad one is given, and the name chosen-ness when only the colour changes', () => {
    const store = memoryStore({ [COLOR_KEY]: '#1971c2' });
    expect(writeIdentity({ color: 'red' }, store)).toMatchObject({ color: '#1971c2', chosen: false });
  });

  it('has colours readable under white text', () => {
    for (const { value } of PALETTE) expect(contrastWithWhite(value)).toBeGreaterThanOrEqual(4.5);
  });
});

function contrastWithWhite(hex: string): number {
  const channel = (i: number): number => {
    const c = parseInt(hex.slice(1 + i * 2, 3 + i * 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
  return 1.05 / (luminance + 0.05);
}
