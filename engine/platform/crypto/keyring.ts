// The keys of encryption at rest: one current key (seals new values) and older ones (still open
// what they sealed). Keys come from SWITCHBOARD_KEY (and SWITCHBOARD_OLD_KEYS), or from the key
// file `npm start` creates in the data folder on first run (readable by its owner only).
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, open as openFile, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface KeyEntry {
  id: string;
  key: Buffer;
}

export const KEY_FILE = 'encryption-keys.json';
const KEY_ID = /^[A-Za-z0-9_-]{1,40}$/;

export class KeyConfigError extends Error {
  override name = 'KeyConfigError';
}

export class Keyring {
  private readonly keys: Map<string, Buffer>;

  /** `reload` is asked for a key id not held (another process may have rotated the key file). */
  constructor(readonly current: KeyEntry, older: KeyEntry[] = [], private readonly reload?: () => KeyEntry[]) {
    this.keys = new Map([...older, current].map((k) => [k.id, k.key]));
  }

  key(id: string): Buffer | undefined {
    const held = this.keys.get(id);
    if (held || !this.reload) return held;
    // A customer's text may merely look sealed: the key file is read again at most every few seconds.
    if (Date.now() - this.reloadedAt < 5000) return undefined;
    this.reloadedAt = Date.now();
    for (const k of this.reload()) if (!this.keys.has(k.id)) this.keys.set(k.id, k.key);
    return this.keys.get(id);
  }

  private reloadedAt = 0;

  ids(): string[] {
    return [...this.keys.keys()];
  }

  /** Every key held, for a thread of this process that needs the same ring. */
  entries(): { current: KeyEntry; older: KeyEntry[] } {
    const older = [...this.keys].filter(([id]) => id !== this.current.id).map(([id, key]) => ({ id, key }));
    return { current: this.current, older };
  }
}

export function newKey(): KeyEntry {
  const now = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  return { id: `k${now}-${randomBytes(3).toString('hex')}`, key: randomBytes(32) };
}

/** `<id>:<base64 of 32 bytes>` or just the base64 (its id is then derived from the key itself). */
export function parseKeySpec(raw: string, name: string): KeyEntry {
  const spec = raw.trim();
  const colon = spec.indexOf(':');
  const id = colon >= 0 ? spec.slice(0, colon) : undefined;
  const encoded = colon >= 0 ? spec.slice(colon + 1) : spec;
  const key = Buffer.from(encoded, encoded.includes('-') || encoded.includes('_') ? 'base64url' : 'base64');
  if (key.length !== 32) {
    throw new KeyConfigError(`${name} must be 32 random bytes in base64 (e.g. the output of \`openssl rand -base64 32\`), optionally preceded by a key id and ":"; got ${key.length} bytes`);
  }
  if (id !== undefined && !KEY_ID.test(id)) {
    throw new KeyConfigError(`${name}: the key id before ":" may hold 1 to 40 letters, digits, "_" and "-" (got "${id}")`);
  }
  return { id: id ?? `env-${createHash('sha256').update(key).digest('hex').slice(0, 10)}`, key };
}

interface KeyFile {
  version: 1;
  current: string;
  keys: { id: string; key: string; createdAt: string }[];
}

function parseKeyFile(text: string, file: string): { current: string; keys: KeyEntry[] } {
  let parsed: KeyFile;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new KeyConfigError(`the key file ${file} is not JSON; restore it from a backup (without it, encrypted data cannot be read)`);
  }
  const keys = (parsed.keys ?? []).map((k) => ({ id: k.id, key: Buffer.from(k.key, 'base64') }));
  if (parsed.version !== 1 || !keys.some((k) => k.id === parsed.current) || keys.some((k) => k.key.length !== 32 || !KEY_ID.test(k.id))) {
    throw new KeyConfigError(`the key file ${file} is damaged (version, current key or a key of the wrong size); restore it from a backup`);
  }
  return { current: parsed.current, keys };
}

function keyFileText(current: string, keys: (KeyEntry & { createdAt?: string })[]): string {
  const file: KeyFile = {
    version: 1,
    current,
    keys: keys.map((k) => ({ id: k.id, key: k.key.toString('base64'), createdAt: k.createdAt ?? new Date().toISOString() })),
  };
  return JSON.stringify(file, null, 2) + '\n';
}

export function keyFilePath(dataDir: string): string {
  return path.join(dataDir, KEY_FILE);
}

/** The key file's keys, or undefined when there is none. */
export async function readKeyFile(dataDir: string): Promise<{ current: string; keys: KeyEntry[] } | undefined> {
  const file = keyFilePath(dataDir);
  const text = await readFile(file, 'utf8').catch((err) => {
    if (err.code === 'ENOENT') return undefined;
    throw err;
  });
  return text === undefined ? undefined : parseKeyFile(text, file);
}

/**
 * The key file, created with a fresh key when missing. Created exclusively, so processes starting
 * together on one data folder agree on one key.
 */
export async function ensureKeyFile(dataDir: string): Promise<{ current: string; keys: KeyEntry[]; created: boolean }> {
  const existing = await readKeyFile(dataDir);
  if (existing) return { ...existing, created: false };
  await mkdir(dataDir, { recursive: true });
  const key = newKey();
  try {
    const handle = await openFile(keyFilePath(dataDir), 'wx', 0o600);
    try {
      await handle.writeFile(keyFileText(key.id, [key]));
      await handle.sync();
    } finally {
      await handle.close();
    }
    return { current: key.id, keys: [key], created: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return { ...(await readKeyFile(dataDir))!, created: false };
  }
}

/** Adds a new current key to the key file (written aside and renamed, so a crash leaves the old file whole). */
export async function addKeyToFile(dataDir: string): Promise<KeyEntry> {
  const existing = await readKeyFile(dataDir);
  if (!existing) throw new KeyConfigError(`there is no key file in ${dataDir} to add a key to`);
  const key = newKey();
  const file = keyFilePath(dataDir);
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, keyFileText(key.id, [...existing.keys, key]), { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, file);
  return key;
}

export interface KeySources {
  /** SWITCHBOARD_KEY: the current key. */
  key?: KeyEntry;
  /** SWITCHBOARD_OLD_KEYS: keys that only open older values. */
  oldKeys?: KeyEntry[];
  dataDir: string;
  /** Create the key file when no key is configured and none exists (default true). */
  create?: boolean;
}

/**
 * The process's keyring. SWITCHBOARD_KEY is the current key when set (the key file's keys, if
 * any, still open what they sealed); otherwise the data folder's key file supplies it.
 */
export async function loadKeyring(s: KeySources): Promise<{ ring: Keyring; source: string; created: boolean }> {
  const file = keyFilePath(s.dataDir);
  const reloadFile = () => {
    try {
      return parseKeyFile(readFileSync(file, 'utf8'), file).keys;
    } catch {
      return [];
    }
  };
  if (s.key) {
    const fromFile = (await readKeyFile(s.dataDir))?.keys ?? [];
    return { ring: new Keyring(s.key, [...fromFile, ...(s.oldKeys ?? [])]), source: 'SWITCHBOARD_KEY', created: false };
  }
  const kf = s.create === false ? await readKeyFile(s.dataDir) : await ensureKeyFile(s.dataDir);
  if (!kf) throw new KeyConfigError(`no encryption key: set SWITCHBOARD_KEY (the same in every process of this installation), or point SWITCHBOARD_DATA_DIR at the data folder holding ${KEY_FILE} (\`npm start\` creates it)`);
  const current = kf.keys.find((k) => k.id === kf.current)!;
  return {
    ring: new Keyring(current, [...kf.keys.filter((k) => k !== current), ...(s.oldKeys ?? [])], reloadFile),
    source: file,
    created: 'created' in kf && kf.created === true,
  };
}
