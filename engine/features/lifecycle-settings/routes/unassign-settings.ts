import type { ServerRoute } from '@hapi/hapi';

import { settingRoutes, unassignBody } from '../schemas.js';

/** GET and PUT of one org setting. */
export const unassignSettingRoutes: ServerRoute[] = settingRoutes('unassign', 'the unassign settings', unassignBody, unassignBody, 'Both fields are required.');
