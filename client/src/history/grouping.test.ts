import { describe, expect, it } from 'vitest';
import { groupSnapshotsBySession } from './grouping';
import type { SessionInfo, SnapshotMeta } from './historyApi';

const snap = (id: string, createdAt: string, auto = false): SnapshotMeta => ({ id, name: id, createdAt, auto, elementCount: 1 });
const session = (id: string, startedAt: string, endedAt: string | null, autoSnapshotId: string | null = null): SessionInfo => ({
  id,
  startedAt,
  endedAt,
  participants: ['Alice'],
  autoSnapshotId,
});

describe('groupSnapshotsBySession', () => {
  it('puts each snapshot in the session it was taken during, newest sessions and snapshots first', () => {
    const groups = groupSnapshotsBySession(
      [snap('a1', '2026-03-10T10:05:00Z'), snap('b1', '2026-03-12T14:10:00Z'), snap('a2', '2026-03-10T10:40:00Z')],
      [session('a', '2026-03-10T10:00:00Z', '2026-03-10T11:00:00Z'), session('b', '2026-03-12T14:00:00Z', '2026-03-12T15:00:00Z')],
    );
    expect(groups.map((g) => g.key)).toEqual(['session:b', 'session:a']);
    expect(groups[1]!.snapshots.map((s) => s.id)).toEqual(['a2', 'a1']);
    expect(groups[0]!.snapshots.map((s) => s.id)).toEqual(['b1']);
  });

  it("files a session's auto snapshot under it even when it was written just after the session ended", () => {
    const groups = groupSnapshotsBySession(
      [snap('auto', '2026-03-10T11:00:00.250Z', true)],
      [session('a', '2026-03-10T10:00:00Z', '2026-03-10T11:00:00Z', 'auto')],
    );
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ kind: 'session', snapshots: [{ id: 'auto' }] });
  });

  it('gathers snapshots taken outside every session under "manual", placed by their latest one', () => {
    const groups = groupSnapshotsBySession(
      [snap('api', '2026-03-11T09:00:00Z'), snap('in', '2026-03-10T10:30:00Z')],
      [session('a', '2026-03-10T10:00:00Z', '2026-03-10T11:00:00Z')],
    );
    expect(groups.map((g) => g.kind)).toEqual(['manual', 'session']);
    expect(groups[0]!.snapshots.map((s) => s.id)).toEqual(['api']);
  });

  it('marks the latest open session as current and lets it run until now', () => {
    const groups = groupSnapshotsBySession(
      [snap('now', '2030-01-01T00:00:00Z')],
      [session('old', '2026-03-10T10:00:00Z', '2026-03-10T11:00:00Z'), session('live', '2026-03-12T14:00:00Z', null)],
    );
    expect(groups[0]).toMatchObject({ kind: 'session', key: 'session:live', current: true, end: null, snapshots: [{ id: 'now' }] });
    expect(groups[1]).toMatchObject({ current: false });
  });

  it('ends a session that was never closed (the server stopped) where the next one starts', () => {
    const groups = groupSnapshotsBySession(
      [snap('later', '2026-03-12T14:30:00Z')],
      [session('crashed', '2026-03-10T10:00:00Z', null), session('next', '2026-03-12T14:00:00Z', '2026-03-12T15:00:00Z')],
    );
    const crashed = groups.find((g) => g.key === 'session:crashed');
    expect(crashed).toMatchObject({ current: false, snapshots: [] });
    expect(groups.find((g) => g.key === 'session:next')!.snapshots.map((s) => s.id)).toEqual(['later']);
  });

  it('keeps sessions without snapshots (they can still be replayed) and skips unreadable times', () => {
    const groups = groupSnapshotsBySession([snap('x', 'not a time')], [session('bad', 'nope', null), session('a', '2026-03-10T10:00:00Z', '2026-03-10T11:00:00Z')]);
    expect(groups.map((g) => g.key)).toEqual(['session:a', 'manual']);
    expect(groups[0]!.snapshots).toEqual([]);
  });

  it('is empty with nothing to show', () => {
    expect(groupSnapshotsBySession([], [])).toEqual([]);
  });
});
