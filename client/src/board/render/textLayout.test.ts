import { describe, expect, it } from 'vitest';
import { clampLines, textHeight, wrapLines } from './textLayout';

/** Every character is 10 units wide. */
const measure = (text: string): number => text.length * 10;

describe('wrapLines', () => {
  it('keeps short text on one line', () => {
    expect(wrapLines('Ship the MVP', 200, measure)).toEqual(['Ship the MVP']);
  });

  it('wraps at spaces to the width', () => {
    expect(wrapLines('one two three four', 90, measure).map((line) => line.trimEnd())).toEqual(['one two', 'three', 'four']);
  });

  it('keeps hard line breaks and empty lines', () => {
    expect(wrapLines('a\n\nb', 100, measure)).toEqual(['a', '', 'b']);
  });

  it('splits a word longer than the width', () => {
    expect(wrapLines('abcdefghij xy', 40, measure)).toEqual(['abcd', 'efgh', 'ij ', 'xy']);
  });

  it('never loses characters', () => {
    const text = 'The quick brown fox jumps over the lazy dog again and again';
    expect(wrapLines(text, 70, measure).join('')).toBe(text);
  });
});

describe('clampLines', () => {
  it('cuts with an ellipsis', () => {
    expect(clampLines(['a', 'b', 'c'], 5)).toEqual(['a', 'b', 'c']);
    expect(clampLines(['one', 'two words', 'three'], 2)).toEqual(['one', 'two word…']);
    expect(clampLines(['a'], 0)).toEqual([]);
  });

  it('sizes text boxes by line count', () => {
    expect(textHeight('text', 2)).toBeGreaterThan(textHeight('text', 1));
  });
});
