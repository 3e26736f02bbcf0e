import { i18n } from './i18n';
import { session, signOut } from './session';
import type {
  ContactAttributeDisplay,
  ConversationDetail,
  Meta,
  Note,
  Profile,
  Ref,
  TagSuggestion,
  Team,
  ConversationPage,
  ConversationSummary,
  ErrorBody,
  LoginResponse,
  Order,
  Queue,
  ResolutionReason,
} from './types';

/** A refused or failed request; `message` is meant to be shown to the user as is. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    message: string,
    readonly status: number,
    readonly error: string = '',
  ) {
    super(message);
  }
}

let unauthorizedHandler: () => void = () => {};

/** Called when the server answers 401 to a signed-in request (expired or revoked token). */
export function onUnauthorized(handler: () => void): void {
  unauthorizedHandler = handler;
}

function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<ErrorBody>).message === 'string'
  );
}

async function errorFrom(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON (e.g. a proxy's HTML error page)
  }
  if (isErrorBody(body) && body.message) {
    return new ApiError(body.message, res.status, body.error ?? '');
  }
  const what = res.statusText ? `${res.status} ${res.statusText}` : String(res.status);
  return new ApiError(i18n.global.t('shell.errors.status', { status: what }), res.status);
}

interface RequestOptions {
  body?: unknown;
  query?: Record<string, string | number | undefined | null>;
  /** Send the bearer token and treat 401 as "signed out" (true for everything but login). */
  auth?: boolean;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const { body, query, auth = true } = options;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  const url = qs ? `${path}?${qs}` : path;

  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const token = session.token.value;
  if (auth && token) headers.Authorization = `Bearer ${token}`;

  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(i18n.global.t('shell.errors.offline'), 0);
  }

  if (!res.ok) {
    const err = await errorFrom(res);
    if (auth && res.status === 401) {
      signOut();
      unauthorizedHandler();
    }
    throw err;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

const enc = encodeURIComponent;

export const api = {
  login(email: string, password: string): Promise<LoginResponse> {
    return request('POST', '/api/auth/login', { body: { email, password }, auth: false });
  },

  /** Revokes the bearer token on the server, so a copy of it left anywhere stops working. */
  logout(): Promise<void> {
    return request('POST', '/api/auth/logout');
  },

  listConversations(params: {
    queue: Queue;
    order: Order;
    cursor?: string | null;
    limit?: number;
  } & Partial<Filters>): Promise<ConversationPage> {
    return request('GET', '/api/conversations', { query: params });
  },

  getConversation(id: string): Promise<ConversationDetail> {
    return request('GET', `/api/conversations/${enc(id)}`);
  },

  reply(id: string, text: string): Promise<ConversationSummary> {
    return request('POST', `/api/conversations/${enc(id)}/reply`, { body: { text } });
  },

  assignToMe(id: string): Promise<ConversationSummary> {
    return request('POST', `/api/conversations/${enc(id)}/assign`, { body: { userId: 'me' } });
  },

  resolve(id: string, reasonId?: string): Promise<ConversationSummary> {
    return request('POST', `/api/conversations/${enc(id)}/resolve`, {
      body: reasonId ? { reasonId } : {},
    });
  },

  dismiss(id: string): Promise<ConversationSummary> {
    return request('POST', `/api/conversations/${enc(id)}/dismiss`, { body: {} });
  },

  reopen(id: string): Promise<ConversationSummary> {
    return request('POST', `/api/conversations/${enc(id)}/reopen`, { body: {} });
  },

  listResolutionReasons(): Promise<ResolutionReason[]> {
    return request('GET', '/api/resolution-reasons');
  },

  pending(id: string): Promise<ConversationSummary> {
    return request('POST', `/api/conversations/${enc(id)}/pending`, { body: {} });
  },

  assign(id: string, target: { userId?: string; teamId?: string; note?: string }): Promise<ConversationSummary> {
    return request('POST', `/api/conversations/${enc(id)}/assign`, { body: target });
  },

  dismissMany(ids: string[]): Promise<{ results: DismissResult[] }> {
    return request('POST', '/api/conversations/dismiss', { body: { ids } });
  },

  counts(): Promise<{ queues: Record<Queue, { total: number; unread: number }> }> {
    return request('GET', '/api/conversations/counts');
  },

  changeTags(id: string, change: { add?: string[]; remove?: string[] }): Promise<ConversationSummary> {
    return request('POST', `/api/conversations/${enc(id)}/tags`, { body: change });
  },

  updateLabels(id: string, change: { priority?: string; topicId?: string | null }): Promise<ConversationSummary> {
    return request('PATCH', `/api/conversations/${enc(id)}`, { body: change });
  },

  tagSuggestions(id: string): Promise<TagSuggestion[]> {
    return request('GET', `/api/conversations/${enc(id)}/tag-suggestions`);
  },

  me(): Promise<Profile> {
    return request('GET', '/api/me');
  },

  updateMe(change: Partial<Pick<Profile, 'name' | 'language' | 'timeZone'>>): Promise<Profile> {
    return request('PUT', '/api/me', { body: change });
  },

  meta(): Promise<Meta> {
    return request('GET', '/api/meta');
  },

  setPresence(status: 'online' | 'away' | 'offline'): Promise<unknown> {
    return request('PUT', '/api/me/presence', { body: { status } });
  },

  channels(): Promise<Channel[]> {
    return request('GET', '/api/channels');
  },

  createChannel(input: { type: string; name: string; config: Record<string, unknown> }): Promise<Channel & { webhookUrl: string }> {
    return request('POST', '/api/channels', { body: input });
  },

  teams(): Promise<Team[]> {
    return request('GET', '/api/teams');
  },

  users(): Promise<(Ref & { email: string; role: string })[]> {
    return request('GET', '/api/users');
  },

  tags(): Promise<Ref[]> {
    return request('GET', '/api/tags');
  },

  topics(): Promise<(Ref & { parentId?: string | null })[]> {
    return request('GET', '/api/topics');
  },

  savedReplies(q?: string): Promise<SavedReply[]> {
    return request('GET', '/api/saved-replies', { query: { q } });
  },

  contact(id: string): Promise<Contact> {
    return request('GET', `/api/contacts/${enc(id)}`);
  },

  updateContact(id: string, attributes: Record<string, unknown>): Promise<Contact> {
    return request('PATCH', `/api/contacts/${enc(id)}`, { body: { attributes } });
  },

  attributeDisplay(): Promise<ContactAttributeDisplay[]> {
    return request('GET', '/api/settings/contact-attributes');
  },

  notes(contactId: string): Promise<Note[]> {
    return request('GET', `/api/contacts/${enc(contactId)}/notes`);
  },

  createNote(contactId: string, text: string): Promise<Note> {
    return request('POST', `/api/contacts/${enc(contactId)}/notes`, { body: { text } });
  },

  updateNote(id: string, text: string): Promise<Note> {
    return request('PATCH', `/api/notes/${enc(id)}`, { body: { text } });
  },

  deleteNote(id: string): Promise<unknown> {
    return request('DELETE', `/api/notes/${enc(id)}`);
  },

  contactConversations(contactId: string): Promise<ConversationSummary[]> {
    return request('GET', `/api/contacts/${enc(contactId)}/conversations`);
  },
};

/** The inbox's filters, as they appear in the URL's query and the API's. */
export interface Filters {
  channelId: string;
  kind: string;
  assigneeId: string;
  teamId: string;
  tag: string;
}

export interface DismissResult {
  id: string;
  ok: boolean;
  statusCode?: number;
  message?: string;
}

export interface Channel {
  id: string;
  type: string;
  name: string;
  webhookUrl?: string;
}

export interface SavedReply {
  id: string;
  name: string;
  text: string;
  collection: string | null;
  personal: boolean;
  shared: boolean;
}

export interface Contact {
  id: string;
  name: string;
  attributes: Record<string, unknown>;
  channelId?: string;
}

/** The text to show for any thrown value. */
export function messageOf(err: unknown): string {
  if (err instanceof Error && err.message) return err.message;
  return i18n.global.t('shell.errors.unknown');
}
