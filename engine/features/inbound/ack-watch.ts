// Webhooks come first: the relay's evaluation on receipt and its signals share the database and
// the cores with the webhooks' statements, so while their acks are slow (the p90 of the last
// report above the target) each waits, up to a second a step (relay.ts, giveWayToWebhooks). Never
// longer: an agent acting on a thread whose hand-over waits must not wait for the burst's end.
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
