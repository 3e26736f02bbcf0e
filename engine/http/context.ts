import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import type { AuditOption } from './audit.js';
import type { User } from './contract.js';
import type { Db } from '../platform/database.js';
import type { PermissionRule } from '../features/permissions/model.js';

/** What route handlers need, hung on `server.app`. */
export interface AppContext {
  db: Db;
  /** For LISTEN connections of their own (live updates); absent: they poll. */
  databaseUrl?: string;
  temporal: Client;
  namespace: string;
  logger: Logger;
  /** Base URL the outside world reaches us on (channel webhook URLs). */
  publicUrl: string;
  /** Whether a worker runs in this process (health on servers that cannot describe task queues). */
  workerRunning?: () => boolean;
  /** Called once a webhook's messages are durably recorded (wakes the relay). */
  onRecorded?: () => void;
  /** Called with each answered webhook's ack time (the relay's evaluation gives way to slow acks). */
  onWebhookAnswered?: (ms: number) => void;
  /** Called as an agent's action starts; the function returned, as it ends (the relay's signals give way meanwhile). */
  onAgentActs?: () => () => void;
  /** Folder of the built admin UI; absent: not served. */
  uiDir?: string;
  /** The Temporal Web UI, when one runs beside us (admins follow a conversation's workflow there). */
  temporalUiUrl?: string;
  /** How long a bearer token lives after login (SWITCHBOARD_TOKEN_TTL); default 12 h. */
  tokenTtlMs?: number;
}

declare module '@hapi/hapi' {
  interface ServerApplicationState {
    ctx: AppContext;
  }
  // The signed-in user, as the bearer scheme sets it.
  interface UserCredentials extends User {}
  interface RouteOptionsApp {
    /** Only users with this role may call the route. */
    role?: 'admin';
    /** The channel permission the route needs (features/permissions). */
    permission?: PermissionRule;
    /** How an admin change is recorded in the audit (engine/http/audit.ts). */
    audit?: AuditOption;
  }
  interface PluginsStates {
    /** Per-item refusals of a route whose rule has `each` (features/permissions). */
    refused?: Map<string, Error>;
  }
}
