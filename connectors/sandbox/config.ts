import { checkKeys, checkOptionalSeconds, checkOptionalUrl } from '../shared/config.js';
import type { ConfigProblem } from '../types.js';

// A type alias (not an interface) so it is assignable to the registry's Record<string, unknown>.
export type SandboxConfig = {
  /** Shared secret of the X-Switchboard-Signature HMAC. */
  secret: string;
  /** Where replies are POSTed as JSON `{ to, text, outboundId }`; absent: replies are only stored. */
  replyUrl?: string;
  /** Reply window after the customer's last message; absent: none. */
  replyWindowSeconds?: number;
};

export const sandboxSecretKeys = ['secret'] as const;

export function validateSandboxConfig(config: unknown): ConfigProblem[] {
  const { config: c, problems } = checkKeys(config, {
    required: ['secret'],
    optional: ['replyUrl', 'replyWindowSeconds'],
  });
  if (!c) return problems;
  return [...problems, ...checkOptionalUrl(c, 'replyUrl'), ...checkOptionalSeconds(c, 'replyWindowSeconds')];
}
