import { checkKeys, checkNumericId, checkOptionalUrl } from '../shared/config.js';
import type { ConfigProblem } from '../types.js';

export type InstagramConfig = {
  /** The professional account's id: what Meta puts in `entry[].id` and `recipient.id`; the route key. */
  instagramAccountId: string;
  /** The Meta app's secret: key of the X-Hub-Signature-256 HMAC. */
  appSecret: string;
  /** Chosen by the admin and typed into the app's webhook settings; echoed back in the handshake. */
  verifyToken: string;
  /** Instagram access token with instagram_business_manage_messages and _manage_comments. */
  accessToken: string;
  /** API base URL; default https://graph.instagram.com/v21.0 (tests point it at a stand-in). */
  apiBaseUrl?: string;
};

export const DEFAULT_INSTAGRAM_BASE_URL = 'https://graph.instagram.com/v21.0';

export const instagramSecretKeys = ['appSecret', 'verifyToken', 'accessToken'] as const;

export function validateInstagramConfig(config: unknown): ConfigProblem[] {
  const { config: c, problems } = checkKeys(config, {
    required: ['instagramAccountId', 'appSecret', 'verifyToken', 'accessToken'],
    optional: ['apiBaseUrl'],
  });
  if (!c) return problems;
  return [
    ...problems,
    ...checkNumericId(c, 'instagramAccountId', "Instagram professional account's id (entry[].id in its webhooks)"),
    ...checkOptionalUrl(c, 'apiBaseUrl'),
  ];
}
