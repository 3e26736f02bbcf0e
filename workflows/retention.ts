// The retention purge, started by a Temporal schedule (engine/features/retention/schedule.ts). The
// limits are measured from workflow time, so a replay or a retried activity purges the same window.
import { proxyActivities } from '@temporalio/workflow';
import type { PurgeTotals, RetentionActivities } from './retention-activities.js';

const { purgeExpiredData } = proxyActivities<RetentionActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

export async function retentionPurgeWorkflow(): Promise<PurgeTotals> {
  return purgeExpiredData({ now: new Date(Date.now()).toISOString() });
}
