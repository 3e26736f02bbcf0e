import { request } from '../api';
import type { Doc, DocKind } from './model/types';

// The documents API (documents.md "API") and the lists the builders pick from (api.md).

export interface ValidationErrorBody {
  elementId?: string;
  path: string;
  message: string;
}

export interface DocumentListItem {
  id: string;
  name: string;
  enabled: boolean;
  draftUpdatedAt: string;
  published?: { version: number; hash: string; publishedAt: string; by?: { id: string; name: string | null } };
}

export interface VersionSummary {
  version: number;
  hash: string;
  publishedAt: string;
  by?: { id: string; name: string | null };
  rollbackOf?: number;
}

export interface DocumentDetail {
  id: string;
  draft: Doc;
  published: (VersionSummary & { document: Doc }) | null;
  versions: VersionSummary[];
}

export interface TraceEntry {
  value?: unknown;
  result?: unknown;
}

export interface TestResult {
  fired: boolean;
  actions: Record<string, unknown>[];
  trace: Record<string, TraceEntry>;
  route?: Record<string, unknown>;
}

export interface ScriptTestResult {
  transcript: { stepId: string; sent?: string; answer?: string; valid?: boolean }[];
  attributes?: Record<string, unknown>;
  ended: { stepId: string; reason: 'handover' | 'resolved' | 'timeout' | 'invalid'; handover: boolean; teamId?: string; reasonId?: string } | null;
  waitingAt?: string;
}

export interface DryRunConversation {
  id: string;
  fired: boolean;
  actions: Record<string, unknown>[];
  publishedActions?: Record<string, unknown>[];
  differs: boolean;
}

export interface DryRunResult {
  conversations: DryRunConversation[];
  summary: { evaluated: number; fired: number; differing: number };
  period?: { from: string; to: string };
}

export interface Named {
  id: string;
  name: string;
}
export interface Channel extends Named {
  type: string;
}
export interface Topic extends Named {
  parentId?: string;
}
export interface UserItem extends Named {
  email: string;
  role: string;
}

const base = (kind: DocKind) => `/api/${kind}`;
const enc = encodeURIComponent;

export const documentsApi = {
  list: (kind: DocKind) => request<DocumentListItem[]>('GET', base(kind)),
  get: (kind: DocKind, id: string) => request<DocumentDetail>('GET', `${base(kind)}/${enc(id)}`),
  create: (kind: DocKind, document: Doc) => request<{ id: string; draft: Doc }>('POST', base(kind), { body: { document } }),
  saveDraft: (kind: DocKind, id: string, document: Doc) =>
    request<{ id: string; draft: Doc; valid: boolean; errors: ValidationErrorBody[] }>('PUT', `${base(kind)}/${enc(id)}/draft`, { body: { document } }),
  remove: (kind: DocKind, id: string) => request<{ deleted: boolean }>('DELETE', `${base(kind)}/${enc(id)}`),
  publish: (kind: DocKind, id: string) => request<{ version: number; hash: string; unchanged?: boolean }>('POST', `${base(kind)}/${enc(id)}/publish`, { body: {} }),
  rollback: (kind: DocKind, id: string, version: number) => request<{ version: number }>('POST', `${base(kind)}/${enc(id)}/rollback`, { body: { version } }),
  order: (kind: DocKind, ids: string[]) => request<DocumentListItem[]>('POST', `${base(kind)}/order`, { body: { ids } }),
  test: (kind: DocKind, document: Doc, sample: Record<string, unknown>) => request<TestResult>('POST', `${base(kind)}/test`, { body: { document, sample } }),
  testScript: (document: Doc, sample: Record<string, unknown>, answers: string[]) =>
    request<ScriptTestResult>('POST', '/api/scripts/test', { body: { document, sample, answers } }),
  dryRun: (kind: DocKind, id: string, from: string) => request<DryRunResult>('POST', `${base(kind)}/${enc(id)}/dry-run`, { body: { from, version: 'draft' } }),
};

export const listsApi = {
  tags: () => request<Named[]>('GET', '/api/tags'),
  topics: () => request<Topic[]>('GET', '/api/topics'),
  teams: () => request<Named[]>('GET', '/api/teams'),
  users: () => request<UserItem[]>('GET', '/api/users'),
  savedReplies: () => request<Named[]>('GET', '/api/saved-replies', { query: { all: 'true' } }),
  resolutionReasons: () => request<Named[]>('GET', '/api/resolution-reasons'),
  channels: () => request<Channel[]>('GET', '/api/channels'),
  contactGroups: () => request<Named[]>('GET', '/api/contact-groups'),
};
