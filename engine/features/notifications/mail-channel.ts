/** PostgreSQL NOTIFY channel that wakes the mailers when e-mails join the outbox. */
export const MAIL_CHANNEL = 'switchboard_mail';

/** From header when MAIL_FROM is not set. */
export const DEFAULT_MAIL_FROM = 'Switchboard <switchboard@localhost>';
