// Webhooks come first: the relay's evaluation on receipt shares the database and the cores with
// the webhooks' statements, so while their acks are slow (the p90 of the last report above the
// target) it waits. Signals are not held back by acks: measured, they were not what slowed them,
// and holding them keeps agents from acting on the conversations that wait (act() answers 503).
export class AckWatch {
  /** Whether the acks of the last report were slow. */
  slow = false;

  constructor(private readonly targetMs = 50) {}

  /** The webhooks answered since the last report took these milliseconds (none: not slow). */
  report(ackMs: readonly number[]): void {
    if (ackMs.length === 0) {
      this.slow = false;
      return;
    }
    const sorted = [...ackMs].sort((a, b) => a - b);
    this.slow = sorted[Math.ceil(sorted.length * 0.9) - 1] > this.targetMs;
  }
}
