import type { CompactionSettings } from '../config.js';

const MiB = 1024 * 1024;

/**
 * Whether a room should write a new checkpoint, given what was logged since the
 * last one and the size of that checkpoint (the board's encoded state).
 *
 * A checkpoint encodes and stores the whole state, on the event loop: about
 * 40 ms per MiB here (compaction.test logs it). Every CHECKPOINT_EVERY_UPDATES
 * updates is cheap on a small board, but on a 5 MiB board it would stall every
 * room of the process for some 200 ms each time, every few seconds in a busy
 * room. So on boards over 1 MiB the interval grows with the state
 * (CHECKPOINT_EVERY_UPDATES per MiB): the checkpoint cost per update stays
 * about the same on any board, and the log a load replays stays a small part
 * of the load (replaying a few thousand small updates takes tens of
 * milliseconds; applying a 5 MiB state takes hundreds).
 * CHECKPOINT_EVERY_BYTES of log still triggers one on any board.
 */
export function checkpointDue(
  settings: CompactionSettings,
  since: { updates: number; bytes: number },
  checkpointBytes: number,
): boolean {
  if (since.bytes >= settings.checkpointEveryBytes) return true;
  return since.updates >= settings.checkpointEveryUpdates * Math.max(1, checkpointBytes / MiB);
}
