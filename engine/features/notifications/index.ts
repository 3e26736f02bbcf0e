// Notifications of agents: what the workflow activities call, the mailer, and what the API reads.
export { UnknownNotificationsError,getPreferences,listNotifications,markNotificationsRead,putPreferences,unreadCount } from './inbox.js';
export { DEFAULT_PREFERENCES,NOTIFICATION_KINDS,isNotificationKind,type KindPreference,type NotificationKind } from './kinds.js';
export { DEFAULT_MAIL_FROM,MAIL_CHANNEL } from './mail-channel.js';
export { startMailer,type Mailer,type MailerOptions } from './mailer.js';
export { notifyAssigned,notifyCustomerMessage,notifyCustomerMessages,type AssignedInput,type ConversationStatus,type CustomerMessageInput } from './notify.js';
export { usersAllowedOnChannel } from './recipients.js';
export { QUEUES,markConversationRead,queueCounts,type QueueCounts } from './unread.js';
