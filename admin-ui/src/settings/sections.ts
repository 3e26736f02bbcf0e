// The settings sections of ui.md's `/settings/{section}`, in sidebar order. `admin`: organisation
// settings an agent may not open (they get the "admins only" page).
export interface SettingsSection {
  id: string;
  group: 'organisation' | 'conversations' | 'inbox' | 'you';
  admin: boolean;
}

export const SECTIONS: SettingsSection[] = [
  { id: 'organisation', group: 'organisation', admin: true },
  { id: 'channels', group: 'organisation', admin: true },
  { id: 'people', group: 'organisation', admin: true },
  { id: 'business-hours', group: 'organisation', admin: true },
  { id: 'retention', group: 'organisation', admin: true },
  { id: 'auto-resolve', group: 'conversations', admin: true },
  { id: 'unassign', group: 'conversations', admin: true },
  { id: 'pending-after-reply', group: 'conversations', admin: true },
  { id: 'resolution-reasons', group: 'conversations', admin: true },
  { id: 'csat', group: 'conversations', admin: true },
  { id: 'contact-attributes', group: 'inbox', admin: true },
  { id: 'tags', group: 'inbox', admin: true },
  { id: 'topics', group: 'inbox', admin: true },
  { id: 'saved-replies', group: 'inbox', admin: true },
  { id: 'notifications', group: 'you', admin: false },
];

export const SECTION_IDS = SECTIONS.map((s) => s.id);
export const GROUPS = ['organisation', 'conversations', 'inbox', 'you'] as const;

/** Channel types of the API contract and the config keys each takes; `secret` keys are write-only. */
export const CHANNEL_TYPES = ['sandbox', 'messenger', 'facebook_page', 'instagram', 'whatsapp', 'x', 'linkedin', 'email'] as const;

export interface ConfigField {
  key: string;
  secret?: boolean;
  optional?: boolean;
  type?: 'text' | 'number' | 'url';
}

const providerBase: ConfigField = { key: 'apiBaseUrl', optional: true, type: 'url' };

export const CONFIG_FIELDS: Record<string, ConfigField[]> = {
  sandbox: [{ key: 'secret', secret: true }, { key: 'replyUrl', optional: true, type: 'url' }],
  messenger: [{ key: 'pageId' }, { key: 'appSecret', secret: true }, { key: 'verifyToken', secret: true }, { key: 'pageAccessToken', secret: true }, providerBase],
  facebook_page: [{ key: 'pageId' }, { key: 'appSecret', secret: true }, { key: 'verifyToken', secret: true }, { key: 'pageAccessToken', secret: true }, providerBase],
  instagram: [{ key: 'instagramAccountId' }, { key: 'appSecret', secret: true }, { key: 'verifyToken', secret: true }, { key: 'accessToken', secret: true }, providerBase],
  whatsapp: [{ key: 'phoneNumberId' }, { key: 'businessAccountId' }, { key: 'appSecret', secret: true }, { key: 'verifyToken', secret: true }, { key: 'accessToken', secret: true }, providerBase],
  x: [{ key: 'userId' }, { key: 'consumerSecret', secret: true }, { key: 'accessToken', secret: true }, { key: 'accessTokenSecret', secret: true }, providerBase],
  linkedin: [{ key: 'organizationId' }, { key: 'accessToken', secret: true }, { key: 'pollSeconds', optional: true, type: 'number' }, providerBase],
  email: [{ key: 'address' }, { key: 'imapUrl', secret: true }, { key: 'smtpUrl', secret: true }],
};
