import { checkKeys } from '../shared/config.js';
import type { ConfigProblem } from '../types.js';

export type EmailConfig = {
  /** The mailbox's address: what customers write to, the From of replies. */
  address: string;
  /** Where mail is read: imaps://user:password@host:993 (or imap:// for STARTTLS/plain). */
  imapUrl: string;
  /** Where replies go out: smtps://user:password@host:465 or smtp://…:587. */
  smtpUrl: string;
  /** The From display name of replies; default none. */
  fromName?: string;
};

export const emailSecretKeys = ['imapUrl', 'smtpUrl'] as const;

const ADDRESS = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/;

export function validateEmailConfig(config: unknown): ConfigProblem[] {
  const { config: c, problems } = checkKeys(config, { required: ['address', 'imapUrl', 'smtpUrl'], optional: ['fromName'] });
  if (!c) return problems;
  if (typeof c.address === 'string' && c.address.trim() !== '' && !ADDRESS.test(c.address)) {
    problems.push({ key: 'address', message: 'address must be an e-mail address such as support@example.com' });
  }
  problems.push(...checkMailUrl(c.imapUrl, 'imapUrl', ['imap:', 'imaps:'], 'imaps://user:password@imap.example.com:993'));
  problems.push(...checkMailUrl(c.smtpUrl, 'smtpUrl', ['smtp:', 'smtps:'], 'smtps://user:password@smtp.example.com:465'));
  if (c.fromName !== undefined && typeof c.fromName !== 'string') problems.push({ key: 'fromName', message: 'fromName must be a string' });
  return problems;
}

function checkMailUrl(value: unknown, key: string, protocols: string[], example: string): ConfigProblem[] {
  if (typeof value !== 'string' || value.trim() === '') return []; // reported as missing
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return [{ key, message: `${key} must be a URL like ${example}` }];
  }
  if (!protocols.includes(url.protocol)) return [{ key, message: `${key} must start with ${protocols.map((p) => `${p}//`).join(' or ')} (e.g. ${example})` }];
  if (!url.hostname) return [{ key, message: `${key} names no host (e.g. ${example})` }];
  if (key === 'imapUrl' && (!url.username || !url.password)) {
    return [{ key, message: `${key} must carry the mailbox's user and password (e.g. ${example})` }];
  }
  return [];
}
