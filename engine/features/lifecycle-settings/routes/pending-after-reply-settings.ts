import type { ServerRoute } from '@hapi/hapi';

import { pendingAfterReplyBody, settingRoutes } from '../schemas.js';

/** GET and PUT of one org setting. */
export const pendingAfterReplySettingRoutes: ServerRoute[] = settingRoutes('pending-after-reply', 'the pending-after-reply setting', pendingAfterReplyBody, pendingAfterReplyBody, 'An agent reply moves the conversation to Pending when enabled.');
