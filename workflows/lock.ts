// A mutual-exclusion lock for workflow code: handlers that await activities and then change state
// run one at a time. The SDK has no Mutex, and `await condition(() => !held)` is not enough: the
// SDK checks every blocked condition in one pass, so two waiters would both see `held === false`
// and both enter. Here the predicate itself takes the lock, so exactly one waiter wins a pass;
// waiters are checked in the order they started waiting (first come, first served).
import { condition } from '@temporalio/workflow';

export class Lock {
  private held = false;

  get isHeld(): boolean {
    return this.held;
  }

  async runExclusive<T>(fn: () => Promise<T>): Promise<T> {
    await condition(() => {
      if (this.held) return false;
      this.held = true;
      return true;
    });
    try {
      return await fn();
    } finally {
      this.held = false;
    }
  }
}
