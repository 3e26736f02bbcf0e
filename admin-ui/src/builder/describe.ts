import type { Composer } from 'vue-i18n';
import type { Lists } from './composables/useLists';
import { nameIn } from './composables/useLists';
import { attributeKey, isAttributeFact } from './facts';
import type { ActionEl, ConditionEl } from './model/types';

type T = Composer['t'];

// One-line summaries of elements, for the nodes on the canvas.

export function factLabel(t: T, fact: string): string {
  if (isAttributeFact(fact)) return t('facts.attributeNamed', { key: attributeKey(fact) });
  const key = `facts.${fact}`;
  const label = t(key);
  return label === key ? fact : label;
}

function valueText(t: T, lists: Lists, fact: string, value: unknown): string {
  const one = (v: unknown): string => {
    if (fact === 'channel.id') return nameIn(lists.channels, v);
    if (fact === 'conversation.topic') return nameIn(lists.topics, v);
    if (fact === 'contact.groups') return nameIn(lists.contactGroups, v);
    if (fact === 'conversation.ageSeconds' && typeof v === 'number') return durationText(v);
    if (typeof v === 'boolean') return t(`booleans.${v}`);
    return typeof v === 'string' ? `“${v}”` : String(v);
  };
  if (Array.isArray(value)) return value.map(one).join(', ');
  return one(value);
}

export function durationText(seconds: number): string {
  if (seconds % 86400 === 0 && seconds >= 86400) return `${seconds / 86400} d`;
  if (seconds % 3600 === 0 && seconds >= 3600) return `${seconds / 3600} h`;
  if (seconds % 60 === 0 && seconds >= 60) return `${seconds / 60} min`;
  return `${seconds} s`;
}

export function conditionText(t: T, lists: Lists, c: ConditionEl): string {
  const op = t(`operators.${c.operator}`);
  const value = c.value === undefined || c.value === '' || (Array.isArray(c.value) && c.value.length === 0) ? (c.operator === 'isSet' || c.operator === 'isNotSet' ? '' : t('node.nothing')) : valueText(t, lists, c.fact, c.value);
  return `${factLabel(t, c.fact)} ${op} ${value}`.trim();
}

export function actionText(t: T, lists: Lists, a: ActionEl): string {
  const detail = (() => {
    switch (a.type) {
      case 'addTags':
      case 'removeTags':
        return Array.isArray(a.tags) ? a.tags.join(', ') : '';
      case 'setTopic':
        return nameIn(lists.topics, a.topicId);
      case 'setPriority':
        return typeof a.priority === 'string' ? t(`priorities.${a.priority}`) : '';
      case 'assignTeam':
        return nameIn(lists.teams, a.teamId);
      case 'assignUser':
        return nameIn(lists.users, a.userId);
      case 'resolve':
        return nameIn(lists.resolutionReasons, a.reasonId);
      case 'sendSavedReply':
        return nameIn(lists.savedReplies, a.savedReplyId);
      case 'setContactAttribute':
        return typeof a.key === 'string' && a.key ? `${a.key} = ${String(a.value ?? '')}` : '';
      default:
        return '';
    }
  })();
  return detail || t('node.nothing');
}
