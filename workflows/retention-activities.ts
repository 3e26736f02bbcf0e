// The retention purge's activity, as the workflow sees it (implemented in engine/features/retention).
export interface PurgeTotals {
  messagesRemoved: number;
  linkedinConversationsRemoved: number;
  /** Workflows of removed conversations that were still running, ended by the purge. */
  workflowsEnded: number;
  conversationsEmptied: number;
}

export interface RetentionActivities {
  /** Removes what is older than each organisation's limits as of `now`; records a purge_runs row per organisation;
   * ends the workflows of the conversations it removes. */
  purgeExpiredData(input: { now: string }): Promise<PurgeTotals>;
}

export const RETENTION_SCHEDULE_ID = 'switchboard-retention-purge';
export const RETENTION_WORKFLOW_ID = 'switchboard-retention-purge';
