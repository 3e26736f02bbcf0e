// The empty workflow `npm run bench` uses to measure the processing ceiling of the same Temporal
// server and worker settings: it only counts signals, and ends once it has the number it was told
// to expect. Bundled on its own for the bench's own worker, never into the production bundle.
import { condition, defineSignal, setHandler } from '@temporalio/workflow';

export const benchPing = defineSignal<[number]>('benchPing');

export async function benchEmptyWorkflow(expected: number): Promise<number> {
  let received = 0;
  setHandler(benchPing, () => {
    received++;
  });
  await condition(() => received >= expected, '1 hour');
  return received;
}
