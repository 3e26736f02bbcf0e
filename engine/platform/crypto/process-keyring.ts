// The keyring of this process, installed once at start (startServices, rotate-key; the tests'
// setup file). Repositories seal through it, and every database handle opens through it
// (database.ts), so values are sealed where they are written and read back as plaintext anywhere.
import { Keyring } from './keyring.js';
import { openLenient, sealJson, sealText } from './sealed.js';

let installed: Keyring | undefined;
let failures = 0;
let lastFailure: string | undefined;
let report: ((err: Error) => void) | undefined;
const reported = new Set<string>();

/** `onFailure` hears, once per distinct reason, a value read that did not open (see openLenient). */
export function installKeyring(ring: Keyring, o: { onFailure?: (err: Error) => void } = {}): void {
  installed = ring;
  if (o.onFailure) report = o.onFailure;
}

export function processKeyring(): Keyring {
  if (!installed) throw new Error('no encryption key is loaded in this process: load one with installKeyring (startServices does) before storing private data');
  return installed;
}

export function hasKeyring(): boolean {
  return installed !== undefined;
}

export const seal = {
  text: (text: string) => sealText(processKeyring(), text),
  json: (value: unknown) => sealJson(processKeyring(), value),
};

/** Values read that looked sealed but did not open (a key not held, or text that only looks sealed). */
export function openFailures(): { count: number; last?: string } {
  return { count: failures, last: lastFailure };
}

function onFailure(err: Error) {
  failures++;
  lastFailure = err.message;
  // A customer's text that only looks sealed fails too: one line per reason, not one per row read.
  if (report && !reported.has(err.message) && reported.size < 100) {
    reported.add(err.message);
    report(err);
  }
}

/**
 * Opens, in place, every sealed string in what a query returned: rows, nested jsonb, and the
 * `rows` of a raw pg result. Dates, buffers and other objects are left alone.
 */
export function openDeep<T>(value: T): T {
  if (!installed) return value;
  return walk(value, installed) as T;
}

function walk(value: unknown, ring: Keyring): unknown {
  if (typeof value === 'string') return value.includes('sb1') ? openLenient(ring, value, onFailure) : value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = walk(value[i], ring);
    return value;
  }
  if (value !== null && typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
      const o = value as Record<string, unknown>;
      for (const k of Object.keys(o)) o[k] = walk(o[k], ring);
    } else if (Array.isArray((value as { rows?: unknown }).rows)) {
      walk((value as { rows: unknown[] }).rows, ring);
    }
  }
  return value;
}
