// Configuration from the environment, validated once at start. A bad value stops start-up with a
// message that names the variable.
import path from 'node:path';
import { DEFAULT_MAIL_FROM } from '../features/notifications/mail-channel.js';
import { DEFAULT_TOKEN_TTL_MS } from '../features/people/tokens.js';
import { KeyConfigError, parseKeySpec, type KeyEntry } from '../platform/crypto/keyring.js';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  temporalAddress?: string;
  temporalNamespace: string;
  adminEmail?: string;
  adminPassword?: string;
  logLevel: string;
  /** Base URL printed and used for channel webhook URLs. */
  publicUrl: string;
  /** SMTP server of the notification e-mails; absent: e-mails wait in the outbox. */
  smtpUrl?: string;
  /** From header of the notification e-mails. */
  mailFrom: string;
  /** How long a bearer token lives after login. */
  tokenTtlMs: number;
  /** host:port where a worker process serves the Temporal SDK's own metrics (workflow tasks, pollers, slots); absent: not served. */
  workerMetricsAddress?: string;
  /** Nice value of the worker and the embedded Temporal server (SWITCHBOARD_BACKGROUND_NICE; 0: as started). */
  backgroundNice: number;
  /** SWITCHBOARD_KEY: the current key of encryption at rest; absent: the data folder's key file. */
  encryptionKey?: KeyEntry;
  /** SWITCHBOARD_OLD_KEYS: earlier keys, which only open what they sealed. */
  oldEncryptionKeys: KeyEntry[];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function portOf(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  // The embedded servers take the next five ports, so leave room for them.
  if (!Number.isInteger(n) || n < 1 || n > 65530) {
    throw new ConfigError(`${name} must be a whole number from 1 to 65530 (got "${raw}")`);
  }
  return n;
}

function urlOf(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL such as ${protocols[0]}//user:password@host:5432/db (got "${raw}")`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(`${name} must start with ${protocols.join(' or ')} (got "${url.protocol}")`);
  }
  return raw;
}

function hostPortOf(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  if (!/^[A-Za-z0-9.\-\[\]:]+:\d{1,5}$/.test(raw)) {
    throw new ConfigError(`${name} must be host:port, e.g. 127.0.0.1:7233 (got "${raw}")`);
  }
  return raw;
}

function smtpUrlOf(env: Env): string | undefined {
  const raw = env.SMTP_URL;
  if (raw === undefined || raw === '') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    // reported below
  }
  // Never echo the value: it usually holds a password.
  if (!url || !['smtp:', 'smtps:'].includes(url.protocol) || !url.hostname) {
    throw new ConfigError('SMTP_URL must be a URL such as smtp://user:password@mail.example.com:587 or smtps://user:password@mail.example.com:465');
  }
  return raw;
}

function mailFromOf(env: Env): string {
  const raw = env.MAIL_FROM;
  if (raw === undefined || raw === '') return DEFAULT_MAIL_FROM;
  if (!/^(?:[^<>@\r\n]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/.test(raw.trim())) {
    throw new ConfigError(`MAIL_FROM must be an e-mail address, optionally with a name: "Support <support@example.com>" (got "${raw}")`);
  }
  return raw.trim();
}

const DURATION_UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

// A token that lives under a minute signs people out mid-task; one that lives a year is a password.
function tokenTtlOf(env: Env): number {
  const raw = env.SWITCHBOARD_TOKEN_TTL;
  if (raw === undefined || raw === '') return DEFAULT_TOKEN_TTL_MS;
  const m = /^(\d+)\s*([smhd]?)$/.exec(raw.trim());
  const ms = m ? Number(m[1]) * DURATION_UNITS[m[2] || 's'] : NaN;
  if (!(ms >= 60_000 && ms <= 365 * 86_400_000)) {
    throw new ConfigError(`SWITCHBOARD_TOKEN_TTL must be a duration from 1 minute to 365 days: seconds, or a number with s, m, h or d, e.g. 12h (got "${raw}")`);
  }
  return ms;
}

// Never echo a key: the messages say what is wrong with it, not what it is.
function encryptionKeysOf(env: Env): { encryptionKey?: KeyEntry; oldEncryptionKeys: KeyEntry[] } {
  try {
    const encryptionKey = env.SWITCHBOARD_KEY ? parseKeySpec(env.SWITCHBOARD_KEY, 'SWITCHBOARD_KEY') : undefined;
    const oldEncryptionKeys = (env.SWITCHBOARD_OLD_KEYS ?? '').split(',').filter((s) => s.trim() !== '')
      .map((s, i) => parseKeySpec(s, `SWITCHBOARD_OLD_KEYS (key ${i + 1})`));
    return { encryptionKey, oldEncryptionKeys };
  } catch (err) {
    if (err instanceof KeyConfigError) throw new ConfigError(err.message);
    throw err;
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadConfig(env: Env = process.env): Config {
  const port = portOf(env, 'PORT', 3000);
  const host = env.HOST || '127.0.0.1';
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got "${logLevel}")`);
  }
  const adminEmail = env.SWITCHBOARD_ADMIN_EMAIL || undefined;
  const adminPassword = env.SWITCHBOARD_ADMIN_PASSWORD || undefined;
  if (adminEmail && !/^[^@\s]+@[^@\s]+$/.test(adminEmail)) {
    throw new ConfigError(`SWITCHBOARD_ADMIN_EMAIL must be an e-mail address (got "${adminEmail}")`);
  }
  if (adminEmail && (!adminPassword || adminPassword.length < 8)) {
    throw new ConfigError('SWITCHBOARD_ADMIN_PASSWORD must be set, at least 8 characters, when SWITCHBOARD_ADMIN_EMAIL is');
  }
  const namespace = env.TEMPORAL_NAMESPACE || 'default';
  if (!/^[A-Za-z0-9._-]+$/.test(namespace)) {
    throw new ConfigError(`TEMPORAL_NAMESPACE may hold letters, digits, ".", "_" and "-" only (got "${namespace}")`);
  }
  const publicUrl = urlOf(env, 'SWITCHBOARD_PUBLIC_URL', ['http:', 'https:'])
    ?? `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    port,
    host,
    dataDir: path.resolve(env.SWITCHBOARD_DATA_DIR || '.switchboard'),
    databaseUrl: urlOf(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    temporalAddress: hostPortOf(env, 'TEMPORAL_ADDRESS'),
    temporalNamespace: namespace,
    adminEmail,
    adminPassword,
    logLevel,
    publicUrl: publicUrl.replace(/\/$/, ''),
    smtpUrl: smtpUrlOf(env),
    mailFrom: mailFromOf(env),
    tokenTtlMs: tokenTtlOf(env),
    backgroundNice: backgroundNiceOf(env),
    ...(env.SWITCHBOARD_WORKER_METRICS ? { workerMetricsAddress: hostPortOf(env, 'SWITCHBOARD_WORKER_METRICS') } : {}),
    ...encryptionKeysOf(env),
  };
}

function backgroundNiceOf(env: Env): number {
  const raw = env.SWITCHBOARD_BACKGROUND_NICE;
  if (raw === undefined || raw === '') return 10;
  const nice = Number(raw);
  if (!Number.isInteger(nice) || nice < 0 || nice > 19) {
    throw new ConfigError(`SWITCHBOARD_BACKGROUND_NICE must be a whole number from 0 (off) to 19 (got "${raw}")`);
  }
  return nice;
}

/** Ports of the embedded servers follow from PORT so that two instances never collide. */
export function embeddedPorts(config: Config) {
  return {
    postgres: config.port + 1,
    temporal: config.port + 2,
    temporalUi: config.port + 3,
    temporalHttp: config.port + 4,
    temporalMetrics: config.port + 5,
  };
}
