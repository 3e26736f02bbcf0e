// What agents can be told about, and what each kind does until a user changes it.

export const NOTIFICATION_KINDS = ['conversation.new', 'reply.unattended', 'reply.assigned', 'conversation.assigned'] as const;

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface KindPreference {
  inApp: boolean;
  email: boolean;
}

/**
 * Everything shows in the app. Only assignments also send an e-mail by default (the product says
 * so); the message kinds reach every agent of a channel, so e-mail for them is opt-in.
 */
export const DEFAULT_PREFERENCES: Record<NotificationKind, KindPreference> = {
  'conversation.new': { inApp: true, email: false },
  'reply.unattended': { inApp: true, email: false },
  'reply.assigned': { inApp: true, email: false },
  'conversation.assigned': { inApp: true, email: true },
};

export function isNotificationKind(value: string): value is NotificationKind {
  return (NOTIFICATION_KINDS as readonly string[]).includes(value);
}

/**
 * Subject and body of each kind's e-mail, as PostgreSQL format() strings so the outbox rows are
 * written by the same statement as the in-app rows. Arguments: 1 contact name, 2 channel name,
 * 3 the last message, 4 the conversation id, 5 who assigned, 6 "you" or "your team <name>",
 * 7 the assignment note line ('' without a note).
 */
export const EMAIL_TEMPLATES: Record<NotificationKind, { subject: string; text: string }> = {
  'conversation.new': {
    subject: 'New conversation from %1$s on %2$s',
    text: '%1$s started a conversation on %2$s:\n\n%3$s\n\nConversation %4$s is waiting in New/Unassigned.\n',
  },
  'reply.unattended': {
    subject: '%1$s wrote again on %2$s',
    text: '%1$s wrote on %2$s, and nobody has the conversation:\n\n%3$s\n\nConversation %4$s is waiting in New/Unassigned.\n',
  },
  'reply.assigned': {
    subject: '%1$s replied on %2$s',
    text: '%1$s replied in a conversation assigned to %6$s on %2$s:\n\n%3$s\n\nConversation %4$s.\n',
  },
  'conversation.assigned': {
    subject: 'Conversation with %1$s assigned to %6$s',
    text: '%5$s assigned the conversation with %1$s on %2$s to %6$s.\n%7$s\nLast message:\n\n%3$s\n\nConversation %4$s.\n',
  },
};
