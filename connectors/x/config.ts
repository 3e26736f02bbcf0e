import { checkKeys, checkNumericId, checkOptionalUrl } from '../shared/config.js';
import type { ConfigProblem } from '../types.js';

export type XConfig = {
  /** The account's numeric user id: `for_user_id` of its webhooks, `sender_id` of what it sends. */
  userId: string;
  /** The app's consumer (API key) secret: signs the CRC answer and every webhook. */
  consumerSecret: string;
  /** The account's access token: an OAuth 2.0 user token (dm.write), or with the two keys below OAuth 1.0a. */
  accessToken: string;
  /** OAuth 1.0a: the access token's secret (with consumerKey). */
  accessTokenSecret?: string;
  /** OAuth 1.0a: the app's consumer (API) key (with accessTokenSecret). */
  consumerKey?: string;
  /** API base URL; default https://api.x.com (tests point it at a stand-in). */
  apiBaseUrl?: string;
};

export const DEFAULT_X_BASE_URL = 'https://api.x.com';

export const xSecretKeys = ['consumerSecret', 'accessToken', 'accessTokenSecret'] as const;

export function validateXConfig(config: unknown): ConfigProblem[] {
  const { config: c, problems } = checkKeys(config, {
    required: ['userId', 'consumerSecret', 'accessToken'],
    optional: ['accessTokenSecret', 'consumerKey', 'apiBaseUrl'],
  });
  if (!c) return problems;
  const oauth1 = (['consumerKey', 'accessTokenSecret'] as const).filter((k) => c[k] !== undefined);
  for (const key of oauth1) {
    if (typeof c[key] !== 'string' || (c[key] as string).trim() === '') problems.push({ key, message: `${key} must be a non-empty string` });
  }
  if (oauth1.length === 1) {
    const missing = oauth1[0] === 'consumerKey' ? 'accessTokenSecret' : 'consumerKey';
    problems.push({
      key: missing,
      message: `${missing} is needed with ${oauth1[0]} (OAuth 1.0a signs with both); leave both out to use accessToken as an OAuth 2.0 user token`,
    });
  }
  return [...problems, ...checkNumericId(c, 'userId', "X account's numeric user id (not the @handle)"), ...checkOptionalUrl(c, 'apiBaseUrl')];
}
