// Meta's app-wide callback as a shared endpoint: which channels a delivery belongs to. Each owner
// then verifies the raw body with its own app secret (the connector's `verify`).
import { META_CHANNEL_TYPES } from '../channel-types.js';
import type { SharedEndpoint } from '../types.js';
import { metaRoutes, parseMetaDelivery } from './route.js';
import { META_SIGNATURE_HEADER } from './signature.js';

export const metaEndpoint: SharedEndpoint = {
  channelTypes: META_CHANNEL_TYPES,
  missingSignature: (req) => (req.headers[META_SIGNATURE_HEADER] ? undefined : 'the X-Hub-Signature-256 header is missing'),
  owners: (rawBody) => metaRoutes(parseMetaDelivery(rawBody)),
};
