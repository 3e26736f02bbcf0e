// Config checks shared by the connectors' validateConfig: each returns the problems it found so
// an admin sees every mistake at once, named by key.
import type { ConfigProblem } from '../types.js';
import { isObject } from './json.js';

export interface KeySpec {
  required: readonly string[];
  optional: readonly string[];
}

/** Missing or empty required strings, and keys nobody reads (usually typos like `app_secret`). */
export function checkKeys(config: unknown, spec: KeySpec): { config?: Record<string, unknown>; problems: ConfigProblem[] } {
  if (!isObject(config)) return { problems: [{ key: '', message: 'config must be an object' }] };
  const problems: ConfigProblem[] = [];
  for (const key of spec.required) {
    const value = config[key];
    if (typeof value !== 'string' || value.trim() === '') {
      problems.push({ key, message: `${key} is required and must be a non-empty string` });
    }
  }
  const known = new Set([...spec.required, ...spec.optional]);
  for (const key of Object.keys(config)) {
    if (!known.has(key)) {
      problems.push({ key, message: `unknown key ${key}; expected one of ${[...known].join(', ')}` });
    }
  }
  return { config, problems };
}

/** An optional http(s) URL. */
export function checkOptionalUrl(config: Record<string, unknown>, key: string): ConfigProblem[] {
  const value = config[key];
  if (value === undefined) return [];
  if (typeof value === 'string') {
    try {
      const url = new URL(value);
      if (url.protocol === 'http:' || url.protocol === 'https:') return [];
    } catch {
      // reported below
    }
  }
  return [{ key, message: `${key} must be an http(s) URL, e.g. https://example.com/replies` }];
}

/** An optional whole number of seconds greater than zero. */
export function checkOptionalSeconds(config: Record<string, unknown>, key: string): ConfigProblem[] {
  const value = config[key];
  if (value === undefined) return [];
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return [];
  return [{ key, message: `${key} must be a whole number of seconds greater than 0` }];
}

/** A provider id made of digits (Meta Page, Instagram account and phone number ids, X user ids). */
export function checkNumericId(config: Record<string, unknown>, key: string, what: string): ConfigProblem[] {
  const value = config[key];
  if (typeof value !== 'string' || value.trim() === '' || /^\d+$/.test(value)) return [];
  return [{ key, message: `${key} must be the ${what}, digits only (got "${value.slice(0, 40)}")` }];
}
