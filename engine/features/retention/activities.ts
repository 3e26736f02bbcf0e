import type { Db } from '../../platform/database.js';
import { purgeExpired } from './purge.js';
import type { RetentionActivities } from '../../../workflows/retention-activities.js';

export function createRetentionActivities(db: Db): RetentionActivities {
  return {
    async purgeExpiredData({ now }) {
      const results = await purgeExpired(db, new Date(now));
      return results.reduce(
        (sum, r) => ({
          messagesRemoved: sum.messagesRemoved + r.messagesRemoved,
          linkedinConversationsRemoved: sum.linkedinConversationsRemoved + r.linkedinConversationsRemoved,
          conversationsEmptied: sum.conversationsEmptied + r.conversationsEmptied,
        }),
        { messagesRemoved: 0, linkedinConversationsRemoved: 0, conversationsEmptied: 0 },
      );
    },
  };
}
