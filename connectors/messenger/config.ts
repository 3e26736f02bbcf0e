import { checkKeys, checkOptionalUrl } from '../shared/config.js';
import type { ConfigProblem } from '../types.js';

// A type alias (not an interface) so it is assignable to the registry's Record<string, unknown>.
export type MessengerConfig = {
  /** The Facebook Page whose DMs this channel handles; the route key of `/webhooks/meta`. */
  pageId: string;
  /** The Meta app's secret: key of the X-Hub-Signature-256 HMAC. */
  appSecret: string;
  /** Chosen by the admin and typed into the app's webhook settings; echoed back in the handshake. */
  verifyToken: string;
  /** Page access token with pages_messaging, used for the Send API. */
  pageAccessToken: string;
  /** Graph API base URL; default https://graph.facebook.com/v21.0 (tests point it at a stand-in). */
  apiBaseUrl?: string;
};

export const messengerSecretKeys = ['appSecret', 'verifyToken', 'pageAccessToken'] as const;

export function validateMessengerConfig(config: unknown): ConfigProblem[] {
  const { config: c, problems } = checkKeys(config, {
    required: ['pageId', 'appSecret', 'verifyToken', 'pageAccessToken'],
    optional: ['apiBaseUrl'],
  });
  if (!c) return problems;
  return [...problems, ...checkOptionalUrl(c, 'apiBaseUrl')];
}
