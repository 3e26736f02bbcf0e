import type { ServerRoute } from '@hapi/hapi';
import { notifyCapacityEveryone } from '../dispatcher.js';

import { settingRoutes } from '../../lifecycle-settings/schemas.js';
import { routingBody } from '../schemas.js';

/** GET and PUT of one org setting. */
export const routingSettingRoutes: ServerRoute[] = settingRoutes(
  'routing',
  'the routing settings',
  routingBody,
  routingBody,
  'defaultCapacity: the most open (assigned or pending) conversations routing gives an agent without their own capacity (PATCH /api/users/{id}).',
  undefined,
  // A higher default may let waiting conversations through.
  notifyCapacityEveryone,
);
