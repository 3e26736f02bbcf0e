// Notifications of agents: what the workflow activities call, the mailer, and what the API reads.
export { notifyAssigned, notifyCustomerMessage, type AssignedInput, type ConversationStatus, type CustomerMessageInput } from './notify.js';
export { startMailer, type Mailer, type MailerOptions } from './mailer.js';
export { DEFAULT_MAIL_FROM, MAIL_CHANNEL } from './mail-channel.js';
export { NOTIFICATION_KINDS, DEFAULT_PREFERENCES, isNotificationKind, type NotificationKind, type KindPreference } from './kinds.js';
export { listNotifications, markNotificationsRead, getPreferences, putPreferences, unreadCount, UnknownNotificationsError } from './inbox.js';
export { markConversationRead, queueCounts, QUEUES, type QueueCounts } from './unread.js';
export { usersAllowedOnChannel } from './recipients.js';
