import { request } from '../api';
import type { ChannelHealth, ContactAttributeDisplay, Kind, ResolutionReason, Role } from '../types';

// The admin resources and settings of the API contract ("Admin resources", "Lifecycle settings",
// "Context, permissions and metrics"), as the settings screens use them.

export interface Channel {
  id: string;
  type: string;
  name: string;
  webhookUrl: string;
  config: Record<string, unknown>;
  health?: ChannelHealth;
}

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  capacity: number | null;
  presence?: { status: 'online' | 'away' | 'offline'; since: string | null };
}

export interface Team {
  id: string;
  name: string;
  memberIds: string[];
}

export type ChannelPermission = 'viewPrivate' | 'reply' | 'commentAndReply';

/** One grant: exactly one of userId / teamId. */
export interface ChannelGrant {
  userId?: string;
  teamId?: string;
  permissions: ChannelPermission[];
}

/** Who may see and answer a channel's conversations; until the first save it is not restricted. */
export interface ChannelPermissions {
  restricted: boolean;
  grants: ChannelGrant[];
}

export interface Named {
  id: string;
  name: string;
}

export interface Topic extends Named {
  /** Absent for a top-level topic. */
  parentId?: string | null;
}

export interface WeeklyInterval {
  day: string;
  open: string;
  close: string;
}

export interface BusinessHours {
  timeZone: string;
  weekly: WeeklyInterval[];
  holidays: { date: string; name?: string }[];
  outsideHours: { messageText?: string; routing: 'atOpening' | 'immediately' };
}

export interface BusinessHoursStatus {
  open: boolean;
  nextOpenAt?: string;
  nextCloseAt?: string;
}

/** How long conversations' data is kept before the hourly purge removes it. */
export interface RetentionSettings {
  messagesDays: number;
  linkedinInactiveDays: number;
}

export interface AutoResolveRule {
  afterSeconds: number;
  reasonId?: string;
}

export interface AutoResolveSettings {
  new: AutoResolveRule | null;
  pending: AutoResolveRule | null;
}

export interface UnassignSettings {
  enabled: boolean;
  offlineAfterSeconds: number;
}

export interface CsatVersion {
  language: string;
  question: string;
  thanks: string;
}

export interface CsatSurvey {
  id: string;
  channelId: string;
  defaultLanguage: string;
  versions: CsatVersion[];
  timeoutSeconds: number;
}

export interface SavedReply {
  id: string;
  title: string;
  text: string;
  shared: boolean;
  personal: boolean;
  ownerUserId: string | null;
}

export interface NotificationPreferences {
  kinds: Record<string, { inApp: boolean; email: boolean }>;
}

const enc = encodeURIComponent;

export const settingsApi = {
  organisation: () => request<{ name: string; timeZone: string | null }>('GET', '/api/settings/organisation'),
  putOrganisation: (body: { name?: string; timeZone?: string | null }) => request<{ name: string; timeZone: string | null }>('PUT', '/api/settings/organisation', { body }),
  channels: () => request<Channel[]>('GET', '/api/channels'),
  createChannel: (body: { type: string; name: string; config: Record<string, unknown> }) => request<Channel>('POST', '/api/channels', { body }),
  updateChannel: (id: string, body: { name?: string; config?: Record<string, unknown> }) => request<Channel>('PATCH', `/api/channels/${enc(id)}`, { body }),
  deleteChannel: (id: string) => request<void>('DELETE', `/api/channels/${enc(id)}`),
  channelPermissions: (id: string) => request<ChannelPermissions>('GET', `/api/channels/${enc(id)}/permissions`),
  putChannelPermissions: (id: string, grants: ChannelGrant[]) => request<ChannelPermissions>('PUT', `/api/channels/${enc(id)}/permissions`, { body: { grants } }),

  users: () => request<UserRow[]>('GET', '/api/users'),
  createUser: (body: { email: string; name: string; password: string; role: Role }) => request<UserRow>('POST', '/api/users', { body }),
  updateUser: (id: string, body: { capacity: number | null }) => request<UserRow>('PATCH', `/api/users/${enc(id)}`, { body }),
  setRole: (id: string, role: Role) => request<UserRow>('PATCH', `/api/users/${enc(id)}`, { body: { role } }),
  routing: () => request<{ defaultCapacity: number }>('GET', '/api/settings/routing'),
  putRouting: (body: { defaultCapacity: number }) => request<{ defaultCapacity: number }>('PUT', '/api/settings/routing', { body }),
  teams: () => request<Team[]>('GET', '/api/teams'),
  createTeam: (body: { name: string; memberIds: string[] }) => request<Team>('POST', '/api/teams', { body }),
  updateTeam: (id: string, body: { name?: string; memberIds?: string[] }) => request<Team>('PATCH', `/api/teams/${enc(id)}`, { body }),

  businessHours: async (channelId: string): Promise<BusinessHours | null> => {
    try {
      return await request<BusinessHours>('GET', `/api/channels/${enc(channelId)}/business-hours`);
    } catch (err) {
      if ((err as { status?: number }).status === 404) return null;
      throw err;
    }
  },
  putBusinessHours: (channelId: string, body: BusinessHours) => request<BusinessHours>('PUT', `/api/channels/${enc(channelId)}/business-hours`, { body }),
  deleteBusinessHours: (channelId: string) => request<void>('DELETE', `/api/channels/${enc(channelId)}/business-hours`),
  businessHoursStatus: (channelId: string) => request<BusinessHoursStatus>('GET', `/api/channels/${enc(channelId)}/business-hours/status`),

  retention: () => request<RetentionSettings>('GET', '/api/settings/retention'),
  putRetention: (body: Partial<RetentionSettings>) => request<RetentionSettings>('PUT', '/api/settings/retention', { body }),
  autoResolve: () => request<AutoResolveSettings>('GET', '/api/settings/auto-resolve'),
  putAutoResolve: (body: Partial<AutoResolveSettings>) => request<AutoResolveSettings>('PUT', '/api/settings/auto-resolve', { body }),
  unassign: () => request<UnassignSettings>('GET', '/api/settings/unassign'),
  putUnassign: (body: UnassignSettings) => request<UnassignSettings>('PUT', '/api/settings/unassign', { body }),
  pendingAfterReply: () => request<{ enabled: boolean }>('GET', '/api/settings/pending-after-reply'),
  putPendingAfterReply: (body: { enabled: boolean }) => request<{ enabled: boolean }>('PUT', '/api/settings/pending-after-reply', { body }),

  reasons: () => request<ResolutionReason[]>('GET', '/api/resolution-reasons'),
  createReason: (body: { name: string; channelTypes: string[]; kinds: Kind[] }) => request<ResolutionReason>('POST', '/api/resolution-reasons', { body }),

  surveys: () => request<CsatSurvey[]>('GET', '/api/csat-surveys'),
  createSurvey: (body: Omit<CsatSurvey, 'id'>) => request<CsatSurvey>('POST', '/api/csat-surveys', { body }),
  deleteSurvey: (id: string) => request<void>('DELETE', `/api/csat-surveys/${enc(id)}`),

  attributes: () => request<ContactAttributeDisplay[]>('GET', '/api/settings/contact-attributes'),
  putAttributes: (body: ContactAttributeDisplay[]) => request<ContactAttributeDisplay[]>('PUT', '/api/settings/contact-attributes', { body }),

  tags: () => request<Named[]>('GET', '/api/tags'),
  createTag: (name: string) => request<Named>('POST', '/api/tags', { body: { name } }),
  topics: () => request<Topic[]>('GET', '/api/topics'),
  createTopic: (body: { name: string; parentId?: string }) => request<Topic>('POST', '/api/topics', { body }),

  savedReplies: () => request<SavedReply[]>('GET', '/api/saved-replies'),
  createSavedReply: (body: { title: string; text: string; shared: boolean }) => request<SavedReply>('POST', '/api/saved-replies', { body }),
  updateSavedReply: (id: string, body: { title?: string; text?: string }) => request<SavedReply>('PATCH', `/api/saved-replies/${enc(id)}`, { body }),
  deleteSavedReply: (id: string) => request<void>('DELETE', `/api/saved-replies/${enc(id)}`),

  preferences: () => request<NotificationPreferences>('GET', '/api/me/notification-preferences'),
  putPreferences: (body: NotificationPreferences) => request<NotificationPreferences>('PUT', '/api/me/notification-preferences', { body }),
};
