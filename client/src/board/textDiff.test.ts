import { describe, expect, it } from 'vitest';
import { diffText, transformPosition } from './textDiff';

function apply(before: string, change: ReturnType<typeof diffText>): string {
  if (!change) return before;
  return before.slice(0, change.index) + change.insert + before.slice(change.index + change.deleteCount);
}

describe('diffText', () => {
  it('is null for equal strings', () => {
    expect(diffText('same', 'same')).toBeNull();
  });

  it('finds a single typed character in the middle', () => {
    expect(diffText('helo', 'hello')).toEqual({ index: 3, deleteCount: 0, insert: 'l' });
  });

  it('finds a replaced selection', () => {
    expect(diffText('the quick fox', 'the slow fox')).toEqual({ index: 4, deleteCount: 5, insert: 'slow' });
  });

  it('finds deletions at either end', () => {
    expect(diffText('abc', 'bc')).toEqual({ index: 0, deleteCount: 1, insert: '' });
    expect(diffText('abc', 'ab')).toEqual({ index: 2, deleteCount: 1, insert: '' });
  });

  it('does not let prefix and suffix overlap on repeated characters', () => {
    const change = diffText('aaa', 'aaaa');
    expect(apply('aaa', change)).toBe('aaaa');
    expect(change?.deleteCount).toBe(0);
  });

  it('never splits a surrogate pair', () => {
    const before = 'a\u{1F600}b';
    const after = 'a\u{1F601}b';
    const change = diffText(before, after);
    expect(change).toEqual({ index: 1, deleteCount: 2, insert: '\u{1F601}' });
  });

  it('round-trips arbitrary edits', () => {
    const cases: Array<[string, string]> = [
      ['', 'new'],
      ['old', ''],
      ['abcdef', 'abXYef'],
      ['line one\nline two', 'line one\nline 2\nthree'],
    ];
    for (const [before, after] of cases) expect(apply(before, diffText(before, after))).toBe(after);
  });
});

describe('transformPosition', () => {
  it('moves the caret right for text inserted before it', () => {
    expect(transformPosition(5, [{ retain: 2 }, { insert: 'abc' }])).toBe(8);
  });

  it('keeps the caret for text inserted at or after it', () => {
    expect(transformPosition(2, [{ retain: 2 }, { insert: 'abc' }])).toBe(2);
    expect(transformPosition(2, [{ retain: 4 }, { insert: 'abc' }])).toBe(2);
  });

  it('moves the caret left for text deleted before it', () => {
    expect(transformPosition(6, [{ retain: 1 }, { delete: 3 }])).toBe(3);
  });

  it('puts the caret at the start of a deleted range that contained it', () => {
    expect(transformPosition(3, [{ retain: 1 }, { delete: 5 }])).toBe(1);
  });

  it('combines a delete and an insert before the caret', () => {
    expect(transformPosition(10, [{ delete: 2 }, { insert: 'xyz' }])).toBe(11);
  });
});
