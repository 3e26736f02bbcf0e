// Wakes every API process's live hub after changes commit. The events themselves are written by
// triggers inside the changing transaction (migration 010); the NOTIFY is sent afterwards, in a
// statement of its own and at most once per `debounceMs`, because a NOTIFY inside the change's own
// transaction serialises the commits of every notifying transaction (the hot webhook/link path).
// A lost wake-up costs latency only: the hubs also poll.
import type { Logger } from 'pino';
import type { Db } from '../../platform/database.js';

export const LIVE_CHANNEL = 'switchboard_live';

export interface LiveNotifier {
  /** Something may have written live events: wake the hubs soon. */
  poke(): void;
  stop(): void;
}

export function createLiveNotifier(db: Db, logger: Logger, debounceMs = 5): LiveNotifier {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  return {
    poke() {
      if (timer || stopped) return;
      timer = setTimeout(() => {
        timer = undefined;
        db.raw('SELECT pg_notify(?, ?)', [LIVE_CHANNEL, String(process.pid)]).catch((err) => logger.warn({ err }, 'live: NOTIFY failed'));
      }, debounceMs);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** The same activities, each poking the hubs once it has finished (its writes are committed then). */
export function pokingAfterEach<T extends object>(activities: T, notifier: LiveNotifier): T {
  return Object.fromEntries(
    Object.entries(activities).map(([name, fn]) => [
      name,
      typeof fn === 'function'
        ? async (...args: unknown[]) => {
            try {
              return await (fn as (...a: unknown[]) => unknown)(...args);
            } finally {
              notifier.poke();
            }
          }
        : fn,
    ]),
  ) as T;
}
