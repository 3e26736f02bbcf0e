import type { Plugin } from '@hapi/hapi';
import { listSuggestionsRoute } from './routes/list-suggestions.js';

/** Tag suggestions learnt from the tags agents and automations applied. */
export const tagSuggestionsPlugin: Plugin<void> = {
  name: 'switchboard-tag-suggestions',
  register(server) {
    server.route([listSuggestionsRoute]);
  },
};
