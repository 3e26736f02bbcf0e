// Every activity the conversation workflow calls, composed from the features that own them.
import type { ConversationActivities } from '../../workflows/activities.js';
import { createAutomationActivities } from '../features/automation/activities.js';
import { createScriptActivities } from '../features/automation/script-activities.js';
import { createConversationActivities, type ActivityDeps } from '../features/conversations/activities.js';
import { createLifecycleActivities } from '../features/lifecycle-settings/activities.js';

export function createActivities(deps: ActivityDeps): ConversationActivities {
  return {
    ...createConversationActivities(deps),
    ...createLifecycleActivities(deps.db),
    ...createAutomationActivities(deps.db),
    ...createScriptActivities(deps.db),
  };
}
