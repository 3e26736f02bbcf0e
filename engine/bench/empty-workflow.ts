// The empty workflow `npm run bench` uses to measure the raw ceiling of signal-with-start on the
// same Temporal server: it only counts signals and waits. Bundled on its own for the bench's own
// worker, never into the production workflow bundle.
import { condition, defineSignal, setHandler } from '@temporalio/workflow';

export const benchPing = defineSignal<[number]>('benchPing');

export async function benchEmptyWorkflow(): Promise<number> {
  let received = 0;
  setHandler(benchPing, () => {
    received++;
  });
  await condition(() => false, '1 hour');
  return received;
}
