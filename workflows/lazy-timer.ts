// The conversation's one timer, armed lazily: every wake of the loop (a message, an agent's
// action) recomputes the next deadline, and most wakes move it later (a new message restarts the
// auto-resolve wait). Cancelling and starting a timer on each would cost two commands per message;
// so the running timer is kept when the deadline moves later (it fires early, the loop re-checks
// and arms again) and replaced only when the deadline moves earlier.
import { CancellationScope, isCancellation, sleep } from '@temporalio/workflow';

export class LazyTimer {
  private at: number | undefined;
  private scope: CancellationScope | undefined;
  /** The armed instant has passed (until the next arming). */
  fired = false;

  /** Makes sure a timer fires at `at` or earlier. */
  armFor(at: number): void {
    if (this.at !== undefined && !this.fired && this.at <= at) return;
    this.scope?.cancel();
    const scope = new CancellationScope();
    this.scope = scope;
    this.at = at;
    this.fired = false;
    scope.run(() => sleep(Math.max(1, at - Date.now()))).then(
      () => {
        if (this.scope === scope) this.fired = true;
      },
      (err) => {
        if (!isCancellation(err)) throw err;
      },
    );
  }
}
