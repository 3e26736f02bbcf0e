import type { Plugin } from '@hapi/hapi';
import { channelDeliveryRoute } from './routes/channel-delivery.js';
import { channelVerificationRoute } from './routes/channel-verification.js';
import { metaDeliveryRoute } from './routes/meta-delivery.js';
import { metaVerificationRoute } from './routes/meta-verification.js';

/** Provider webhooks: verified, recorded durably, answered; the relay hands them to Temporal. */
export const inboundPlugin: Plugin<void> = {
  name: 'switchboard-inbound',
  register(server) {
    server.route([
      channelDeliveryRoute,
      channelVerificationRoute,
      metaDeliveryRoute,
      metaVerificationRoute,
    ]);
  },
};
