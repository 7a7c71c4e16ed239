import type { Logger } from 'pino';
import type { Store } from '../store/Store.js';
import type { CompactionSettings, Limits } from '../config.js';
import { Room } from './Room.js';

export interface RoomRegistryOptions {
  store: Store;
  limits: Limits;
  compaction: CompactionSettings;
  logger: Logger;
  /** Clock, ms since epoch (tests simulate time with it). */
  now?: () => number;
  /** How long a room stays loaded after its last connection left (a reload or a dropped network comes back within it). */
  unloadDelayMs?: number;
}

/**
 * The rooms open on this node. Loading is de-duplicated (two clients joining
 * at once share one load), and a room is unloaded, after a flush, once its
 * last connection has been gone for `unloadDelayMs` (a page reload is not the
 * end of a session); a join during the unload waits for it to finish and then
 * loads the room afresh.
 */
export class RoomRegistry {
  private readonly loaded = new Map<string, Room>();
  private readonly loading = new Map<string, Promise<Room>>();
  private readonly unloading = new Map<string, Promise<void>>();
  /** Connections that hold a room (counted before the room finished loading). */
  private readonly holds = new Map<string, number>();
  /** Rooms nobody holds, waiting out the unload delay. */
  private readonly unloadTimers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly options: RoomRegistryOptions) {}

  get openRoomCount(): number {
    return this.loaded.size;
  }

  openRooms(): IterableIterator<Room> {
    return this.loaded.values();
  }

  /** The room if it is in memory now (for reads that must not load it). */
  peek(roomId: string): Room | undefined {
    return this.loaded.get(roomId);
  }

  /** Loads (or shares) the room and holds it open until `release` is called. */
  async acquire(roomId: string): Promise<Room> {
    this.cancelUnload(roomId);
    this.holds.set(roomId, (this.holds.get(roomId) ?? 0) + 1);
    try {
      return await this.get(roomId);
    } catch (error) {
      this.release(roomId);
      throw error;
    }
  }

  /** Runs `action` on the room (loading it if needed), then lets it unload if nobody else holds it. */
  async withRoom<T>(roomId: string, action: (room: Room) => Promise<T>): Promise<T> {
    const room = await this.acquire(roomId);
    try {
      return await action(room);
    } finally {
      this.release(roomId);
    }
  }

  release(roomId: string): void {
    const count = (this.holds.get(roomId) ?? 0) - 1;
    if (count > 0) {
      this.holds.set(roomId, count);
      return;
    }
    this.holds.delete(roomId);
    const room = this.loaded.get(roomId);
    if (room) this.scheduleUnload(room);
  }

  private scheduleUnload(room: Room): void {
    const delay = this.options.unloadDelayMs ?? 0;
    if (delay <= 0) {
      void this.unload(room);
      return;
    }
    this.cancelUnload(room.roomId);
    const timer = setTimeout(() => {
      this.unloadTimers.delete(room.roomId);
      if (!this.holds.has(room.roomId)) void this.unload(room);
    }, delay);
    timer.unref();
    this.unloadTimers.set(room.roomId, timer);
  }

  private cancelUnload(roomId: string): void {
    const timer = this.unloadTimers.get(roomId);
    if (!timer) return;
    clearTimeout(timer);
    this.unloadTimers.delete(roomId);
  }

  private async get(roomId: string): Promise<Room> {
    for (;;) {
      const pendingUnload = this.unloading.get(roomId);
      if (pendingUnload) {
        await pendingUnload;
        continue;
      }
      const room = this.loaded.get(roomId);
      if (room) return room;
      let load = this.loading.get(roomId);
      if (!load) {
        load = Room.load({ ...this.options, roomId, onFatal: (failed) => this.drop(failed) });
        this.loading.set(roomId, load);
        load.then(
          (loadedRoom) => {
            this.loading.delete(roomId);
            this.loaded.set(roomId, loadedRoom);
            // Everyone who waited for it may have left while it loaded.
            if (!this.holds.has(roomId)) this.scheduleUnload(loadedRoom);
          },
          () => this.loading.delete(roomId),
        );
      }
      return load;
    }
  }

  private unload(room: Room): Promise<void> {
    const existing = this.unloading.get(room.roomId);
    if (existing) return existing;
    if (this.loaded.get(room.roomId) !== room) return Promise.resolve();
    const done = (async () => {
      try {
        // The session's auto snapshot first, so the log merge that follows respects its boundary.
        await room.endSession();
        await room.flush();
      } catch (error) {
        this.options.logger.error({ err: error, roomId: room.roomId }, 'flush before unload failed');
      } finally {
        this.loaded.delete(room.roomId);
        this.unloading.delete(room.roomId);
        room.destroy();
      }
    })();
    this.unloading.set(room.roomId, done);
    return done;
  }

  /** A room whose storage failed leaves memory at once; the next join reloads it from the store. */
  private drop(room: Room): void {
    this.cancelUnload(room.roomId);
    if (this.loaded.get(room.roomId) === room) this.loaded.delete(room.roomId);
    room.destroy();
  }

  /** Flushes and unloads every room (shutdown). */
  async closeAll(code: number, reason: string): Promise<void> {
    for (const roomId of [...this.unloadTimers.keys()]) this.cancelUnload(roomId);
    const rooms = [...this.loaded.values()];
    for (const room of rooms) room.closeConnections(code, reason);
    await Promise.all([...this.loading.values()].map((load) => load.catch(() => undefined)));
    await Promise.all([...this.loaded.values()].map((room) => this.unload(room)));
    await Promise.all([...this.unloading.values()]);
  }
}
