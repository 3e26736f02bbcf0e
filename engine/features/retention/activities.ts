import type { Client } from '@temporalio/client';
import type { Db } from '../../platform/database.js';
import { endWorkflowsWith } from './end-workflows.js';
import { purgeExpired } from './purge.js';
import type { RetentionActivities } from '../../../workflows/retention-activities.js';

export function createRetentionActivities(db: Db, client: Client): RetentionActivities {
  const endWorkflows = endWorkflowsWith(client);
  return {
    async purgeExpiredData({ now }) {
      const results = await purgeExpired(db, new Date(now), { endWorkflows });
      return results.reduce(
        (sum, r) => ({
          messagesRemoved: sum.messagesRemoved + r.messagesRemoved,
          linkedinConversationsRemoved: sum.linkedinConversationsRemoved + r.linkedinConversationsRemoved,
          workflowsEnded: sum.workflowsEnded + r.workflowsEnded,
          conversationsEmptied: sum.conversationsEmptied + r.conversationsEmptied,
        }),
        { messagesRemoved: 0, linkedinConversationsRemoved: 0, workflowsEnded: 0, conversationsEmptied: 0 },
      );
    },
  };
}
