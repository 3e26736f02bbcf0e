// How fast the relay signals (architecture.md, "The hot path"). A signal is accepted by Temporal in
// milliseconds whatever its workers' backlog, so a relay that signals as fast as it links fills
// Temporal's task queue with minutes of work, and an agent's action on any conversation then
// waits behind all of it. The backlog belongs in PostgreSQL, where the messages are already
// visible. So the relay measures the wait itself: every probe asks the conversation it signalled
// last a query, which Temporal answers only once that conversation's pending workflow task has
// run (its time in the queue). A wait above the target cuts the rate by a share, again at every
// probe interval it goes on waiting; one under it adds a step. The target keeps some work queued:
// an empty queue would leave the workers idle.
export interface PaceOptions {
  /** Signals per second at the start, and never above. */
  maxRate: number;
  /** Never below (a slow probe must not stop the hand-over). */
  minRate: number;
  /** The queue wait to stay under. */
  targetMs: number;
  /** Signals per second added after each probe under the target. */
  step: number;
  /** The share of the rate kept after a probe over the target. */
  cut: number;
}

export const DEFAULT_PACE: PaceOptions = { maxRate: 1000, minRate: 20, targetMs: 100, step: 25, cut: 0.5 };

export class HandOverPace {
  rate: number;
  private tokens: number;
  private at: number;

  constructor(private readonly o: PaceOptions = DEFAULT_PACE, now = Date.now()) {
    this.rate = o.maxRate;
    this.tokens = this.burst();
    this.at = now;
  }

  /** A probe's answer took `waitMs`. */
  observe(waitMs: number): void {
    this.rate = waitMs > this.o.targetMs ? Math.max(this.o.minRate, this.rate * this.o.cut) : Math.min(this.o.maxRate, this.rate + this.o.step);
  }

  /** Takes a signal's turn: 0 when it may go now, else the milliseconds to wait before asking again. */
  take(now = Date.now()): number {
    this.tokens = Math.min(this.burst(), this.tokens + ((now - this.at) / 1000) * this.rate);
    this.at = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / this.rate) * 1000);
  }

  /** A tenth of a second of signals may go at once. */
  private burst(): number {
    return Math.max(1, this.rate / 10);
  }
}
