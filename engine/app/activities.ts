// Every activity the conversation workflow calls, composed from the features that own them.
import type { ConversationActivities } from '../../workflows/activities.js';
import type { ChannelPollActivities } from '../../workflows/channel-polling.js';
import type { PostContextActivities } from '../../workflows/post-context.js';
import { createAutomationActivities } from '../features/automation/activities.js';
import { createScriptActivities } from '../features/automation/script-activities.js';
import { createConversationActivities, type ActivityDeps } from '../features/conversations/activities.js';
import { createLifecycleActivities } from '../features/lifecycle-settings/activities.js';
import { createPollingActivities } from '../features/polling/activities.js';
import { createPostContextActivities } from '../features/inbound/post-context.js';

export type WorkerActivities = ConversationActivities & ChannelPollActivities & PostContextActivities;

export function createActivities(deps: ActivityDeps): WorkerActivities {
  return {
    ...createConversationActivities(deps),
    ...createLifecycleActivities(deps.db),
    ...createAutomationActivities(deps.db),
    ...createScriptActivities(deps.db),
    ...createPollingActivities(deps),
    ...createPostContextActivities(deps),
  };
}
