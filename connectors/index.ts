// The registry of channel connectors, by the `type` of a channel (api.md, POST /api/channels).
import { emailConnector } from './email/index.js';
import { facebookPageConnector } from './facebook-page/index.js';
import { instagramConnector } from './instagram/index.js';
import { linkedinConnector } from './linkedin/index.js';
import { messengerConnector } from './messenger/index.js';
import { sandboxConnector } from './sandbox/index.js';
import { metaEndpoint } from './meta/endpoint.js';
import type { Connector, SharedEndpoint } from './types.js';
import { whatsappConnector } from './whatsapp/index.js';
import { xConnector } from './x/index.js';

// Each connector is typed with its own config; the registry hands them out with a generic one
// because the engine checks a config with `validateConfig` before storing it.
const connectors: Record<string, Connector> = {
  sandbox: sandboxConnector,
  messenger: messengerConnector,
  facebook_page: facebookPageConnector,
  instagram: instagramConnector,
  whatsapp: whatsappConnector,
  x: xConnector,
  linkedin: linkedinConnector,
  email: emailConnector,
};

/** Every channel type this build knows, e.g. for validating `POST /api/channels`. */
export const connectorTypes: readonly string[] = Object.freeze(Object.keys(connectors));

export function getConnector(type: string): Connector | undefined {
  // hasOwn: a type named "constructor" or "__proto__" must not reach Object.prototype.
  return Object.hasOwn(connectors, type) ? connectors[type] : undefined;
}

// Provider endpoints shared by several channels, by the name in their URL (`/webhooks/meta`).
const sharedEndpoints: Record<string, SharedEndpoint> = { meta: metaEndpoint };

export function getSharedEndpoint(name: string): SharedEndpoint | undefined {
  return Object.hasOwn(sharedEndpoints, name) ? sharedEndpoints[name] : undefined;
}

/** The shared endpoint a channel type's deliveries may also come through (Meta types: the app's). */
export function sharedEndpointOf(channelType: string): SharedEndpoint | undefined {
  return Object.values(sharedEndpoints).find((endpoint) => endpoint.channelTypes.includes(channelType));
}

export * from './types.js';
export * from './channel-types.js';
export * from './meta/index.js';
export { sandboxConnector, type SandboxConfig } from './sandbox/index.js';
export { messengerConnector, parseMessengerEntries, type MessengerConfig } from './messenger/index.js';
export * from './facebook-page/index.js';
export * from './instagram/index.js';
export * from './whatsapp/index.js';
export * from './x/index.js';
export * from './linkedin/index.js';
export * from './email/index.js';
