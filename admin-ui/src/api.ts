import { i18n } from './i18n';
import { session, signOut } from './session';
import type {
  ConversationDetail,
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

  listConversations(params: {
    queue: Queue;
    order: Order;
    cursor?: string | null;
    limit?: number;
  }): Promise<ConversationPage> {
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
};

/** The text to show for any thrown value. */
export function messageOf(err: unknown): string {
  if (err instanceof Error && err.message) return err.message;
  return i18n.global.t('shell.errors.unknown');
}
