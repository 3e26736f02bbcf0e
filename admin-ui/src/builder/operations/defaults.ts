import type { ActionEl, StepEl, StepType } from '../model/types.js';

/** The action types of documents.md, each with the fields a new one starts with. */
export const ACTION_DEFAULTS: Record<string, Record<string, unknown>> = {
  addTags: { tags: [] },
  removeTags: { tags: [] },
  setTopic: { topicId: '' },
  setPriority: { priority: 'high' },
  assignTeam: { teamId: '' },
  assignUser: { userId: '' },
  resolve: {},
  sendSavedReply: { savedReplyId: '' },
  setContactAttribute: { key: '', value: '' },
};
export const ACTION_TYPES = Object.keys(ACTION_DEFAULTS);

export function newAction(type: string, id: string): ActionEl {
  return { id, type, ...structuredClone(ACTION_DEFAULTS[type] ?? {}) };
}

export function newStep(type: StepType, id: string): StepEl {
  switch (type) {
    case 'message':
      return { id, type, text: '' };
    case 'question':
      return { id, type, text: '', answer: 'text', attribute: '' };
    case 'branch':
      return { id, type, branches: [] };
    case 'setAttribute':
      return { id, type, key: '', value: '' };
    case 'handover':
      return { id, type };
    case 'resolve':
      return { id, type };
  }
}
