import { checkKeys, checkNumericId, checkOptionalUrl } from '../shared/config.js';
import type { ConfigProblem } from '../types.js';

// The same keys as Messenger's: a messenger and a facebook_page channel may share a Page.
export type FacebookPageConfig = {
  /** The Facebook Page whose feed (comments, visitor posts) this channel handles; the route key of `/webhooks/meta`. */
  pageId: string;
  /** The Meta app's secret: key of the X-Hub-Signature-256 HMAC. */
  appSecret: string;
  /** Chosen by the admin and typed into the app's webhook settings; echoed back in the handshake. */
  verifyToken: string;
  /** Page access token with pages_manage_engagement (replies, moderation) and pages_messaging (private replies). */
  pageAccessToken: string;
  /** Graph API base URL; default https://graph.facebook.com/v21.0 (tests point it at a stand-in). */
  apiBaseUrl?: string;
};

export const facebookPageSecretKeys = ['appSecret', 'verifyToken', 'pageAccessToken'] as const;

export function validateFacebookPageConfig(config: unknown): ConfigProblem[] {
  const { config: c, problems } = checkKeys(config, {
    required: ['pageId', 'appSecret', 'verifyToken', 'pageAccessToken'],
    optional: ['apiBaseUrl'],
  });
  if (!c) return problems;
  return [...problems, ...checkNumericId(c, 'pageId', "Facebook Page's id"), ...checkOptionalUrl(c, 'apiBaseUrl')];
}
