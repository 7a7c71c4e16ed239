import type { SessionInfo, SnapshotMeta } from './historyApi';
import { parseTime } from './timeFormat';

/**
 * Snapshots grouped by the session they were taken in, so a group can find
 * "last Tuesday's workshop". A snapshot belongs to the session whose auto
 * snapshot it is, else to the session it was taken during; the rest (taken
 * through the API while nobody was on the board) go under "Manual snapshots".
 */

export interface SessionGroup {
  kind: 'session';
  /** Stable key for keyed lists. */
  key: string;
  session: SessionInfo;
  start: number;
  /** null while the session goes on. */
  end: number | null;
  /** The latest session with no end: people are on the board now. */
  current: boolean;
  snapshots: SnapshotMeta[];
}

export interface ManualGroup {
  kind: 'manual';
  key: 'manual';
  snapshots: SnapshotMeta[];
}

export type SnapshotGroup = SessionGroup | ManualGroup;

interface Span {
  session: SessionInfo;
  start: number;
  end: number | null;
  /** Where membership stops: the end, or for a session never closed, the next one's start. */
  until: number;
}

const newestFirst = (a: { at: number }, b: { at: number }): number => b.at - a.at;

/** Newest groups first (by their latest activity), newest snapshots first inside each. */
export function groupSnapshotsBySession(snapshots: readonly SnapshotMeta[], sessions: readonly SessionInfo[]): SnapshotGroup[] {
  const spans: Span[] = sessions
    .map((session) => ({ session, start: parseTime(session.startedAt), end: session.endedAt === null ? null : parseTime(session.endedAt) }))
    .filter((s): s is { session: SessionInfo; start: number; end: number | null } => s.start !== null)
    .sort((a, b) => a.start - b.start)
    .map((s, i, all) => ({ ...s, until: s.end ?? all[i + 1]?.start ?? Number.POSITIVE_INFINITY }));

  const bySession = new Map<string, Array<{ at: number; snapshot: SnapshotMeta }>>(spans.map((s) => [s.session.id, []]));
  const manual: Array<{ at: number; snapshot: SnapshotMeta }> = [];
  const autoOwner = new Map(spans.filter((s) => s.session.autoSnapshotId).map((s) => [s.session.autoSnapshotId!, s.session.id]));

  for (const snapshot of snapshots) {
    const at = parseTime(snapshot.createdAt) ?? 0;
    // The latest session that contains the moment (sessions should not overlap, but a crashed one might).
    let owner = autoOwner.get(snapshot.id);
    if (owner === undefined) {
      for (let i = spans.length - 1; i >= 0; i--) {
        const span = spans[i]!;
        if (span.start <= at && at <= span.until) {
          owner = span.session.id;
          break;
        }
      }
    }
    (owner === undefined ? manual : bySession.get(owner)!).push({ at, snapshot });
  }

  const lastOpen = spans.length > 0 && spans[spans.length - 1]!.end === null ? spans[spans.length - 1]!.session.id : null;
  const groups: Array<{ at: number; group: SnapshotGroup }> = spans.map((span) => {
    const members = bySession.get(span.session.id)!.sort(newestFirst);
    return {
      at: Math.max(span.start, members[0]?.at ?? 0),
      group: {
        kind: 'session',
        key: `session:${span.session.id}`,
        session: span.session,
        start: span.start,
        end: span.end,
        current: span.session.id === lastOpen,
        snapshots: members.map((m) => m.snapshot),
      },
    };
  });
  if (manual.length > 0) {
    manual.sort(newestFirst);
    groups.push({ at: manual[0]!.at, group: { kind: 'manual', key: 'manual', snapshots: manual.map((m) => m.snapshot) } });
  }
  return groups.sort(newestFirst).map((g) => g.group);
}
