// What all Meta channels share: signature, handshake, Graph calls, and routing of the app-wide
// `POST /webhooks/meta` delivery to the channels that own its entries.
export { verifyMetaSignature, META_SIGNATURE_HEADER } from './signature.js';
export { metaHandshake } from './handshake.js';
export { postToGraph, DEFAULT_GRAPH_BASE_URL, type GraphPost } from './graph.js';
export {
  parseMetaDelivery,
  asMetaDelivery,
  routeMetaEntries,
  metaRoutes,
  splitMetaDelivery,
  type MetaShare,
  type MetaChannelType,
  type MetaRoute,
  type RoutedMetaEntry,
  type MetaDelivery,
} from './route.js';
export { parseMessagingEntries, toMetaDate, type MessagingOwner } from './messaging.js';
export { chooseMetaMessagingMode, META_MESSAGING_POLICY } from './window.js';
export { checkPrivateReply, PRIVATE_REPLY_WINDOW_SECONDS } from './private-reply.js';
export { metaEndpoint } from './endpoint.js';
