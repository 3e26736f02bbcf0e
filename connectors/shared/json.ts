// Small helpers for reading untrusted JSON. Errors name the exact path (`entry[0].messaging[1]
// .message.mid`) so whoever sent a bad body knows what to fix.
import { MalformedPayloadError } from '../types.js';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function malformed(message: string): MalformedPayloadError {
  return new MalformedPayloadError(message);
}

/** The body as JSON; `what` names the provider in the error ("Messenger webhook body"). */
export function parseJsonBody(rawBody: Buffer, what: string): unknown {
  try {
    return JSON.parse(rawBody.toString('utf8'));
  } catch (err) {
    throw malformed(`${what} is not valid JSON (${(err as Error).message})`);
  }
}

export function expectObject(value: unknown, path: string): JsonObject {
  if (!isObject(value)) throw malformed(`${path} must be an object`);
  return value;
}

export function expectArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw malformed(`${path} must be an array`);
  return value;
}

/** An array when present, [] when absent. */
export function optionalArray(value: unknown, path: string): unknown[] {
  return value === undefined ? [] : expectArray(value, path);
}

export function expectString(value: unknown, path: string): string {
  if (typeof value !== 'string') throw malformed(`${path} must be a string`);
  return value;
}

export function expectNonEmptyString(value: unknown, path: string): string {
  if (typeof value !== 'string' || value === '') throw malformed(`${path} must be a non-empty string`);
  return value;
}

export function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined || value === null ? undefined : expectString(value, path);
}

/**
 * A provider id: Meta documents ids as strings, but numeric ids are accepted and kept exact as
 * long as they are safe integers (a larger number has already lost digits in JSON.parse).
 */
export function expectId(value: unknown, path: string): string {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  throw malformed(`${path} must be a non-empty string id`);
}
