import { describe, expect, it } from 'vitest';
import { transformPosition } from './textDiff';

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
