// The workflow functions the worker bundles (`workflowsPath` points here).
export { conversationWorkflow } from './conversation.js';
export { channelPollWorkflow } from './channel-polling.js';
export { retentionPurgeWorkflow } from './retention.js';
