import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';

import { autoResolveBody, autoResolveRule, checkAutoResolve, settingRoutes } from '../schemas.js';

/** GET and PUT of one org setting. */
export const autoResolveSettingRoutes: ServerRoute[] = settingRoutes(
  'auto-resolve',
  'auto-resolve of new and pending conversations',
  Joi.object({ new: autoResolveRule.required(), pending: autoResolveRule.required() }).label('AutoResolveSettings'),
  autoResolveBody.min(1).messages({ 'object.min': 'give "new" and/or "pending": an object with afterSeconds (and optionally reasonId) turns it on, null turns it off' }),
  'An omitted key keeps its current value; null turns that auto-resolve off.',
  checkAutoResolve,
);
