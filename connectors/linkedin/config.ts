import { checkKeys, checkNumericId, checkOptionalSeconds, checkOptionalUrl } from '../shared/config.js';
import type { ConfigProblem } from '../types.js';

export type LinkedInConfig = {
  /** The Page's organization id: the digits of urn:li:organization:<id>. */
  organizationId: string;
  /** OAuth token of a Page admin with r/w_organization_social. */
  accessToken: string;
  /** How often the Page's recent posts are polled for comments; default 300. */
  pollSeconds?: number;
  /** API base URL; default https://api.linkedin.com (tests point it at a stand-in). */
  apiBaseUrl?: string;
  /** LinkedIn-Version header (YYYYMM); default DEFAULT_LINKEDIN_VERSION. */
  apiVersion?: string;
};

export const DEFAULT_LINKEDIN_BASE_URL = 'https://api.linkedin.com';
export const DEFAULT_LINKEDIN_VERSION = '202506';
export const DEFAULT_POLL_SECONDS = 300;
/** LinkedIn's throttles are per day: polling faster than this only burns the quota. */
export const MIN_POLL_SECONDS = 60;

export const linkedinSecretKeys = ['accessToken'] as const;

export function validateLinkedInConfig(config: unknown): ConfigProblem[] {
  const { config: c, problems } = checkKeys(config, {
    required: ['organizationId', 'accessToken'],
    optional: ['pollSeconds', 'apiBaseUrl', 'apiVersion'],
  });
  if (!c) return problems;
  const extra: ConfigProblem[] = [];
  const seconds = checkOptionalSeconds(c, 'pollSeconds');
  if (seconds.length === 0 && typeof c.pollSeconds === 'number' && c.pollSeconds < MIN_POLL_SECONDS) {
    extra.push({ key: 'pollSeconds', message: `pollSeconds must be at least ${MIN_POLL_SECONDS} (LinkedIn limits calls per day)` });
  }
  if (c.apiVersion !== undefined && (typeof c.apiVersion !== 'string' || !/^\d{6}$/.test(c.apiVersion))) {
    extra.push({ key: 'apiVersion', message: 'apiVersion must be a LinkedIn-Version like 202506 (YYYYMM)' });
  }
  const org = typeof c.organizationId === 'string' ? c.organizationId.replace(/^urn:li:organization:/, '') : c.organizationId;
  return [
    ...problems,
    ...checkNumericId({ organizationId: org }, 'organizationId', 'Page\'s organization id (the digits of urn:li:organization:<id>)'),
    ...seconds,
    ...extra,
    ...checkOptionalUrl(c, 'apiBaseUrl'),
  ];
}
