import Joi from 'joi';
import { route } from '../../../http/route.js';
import { responses } from '../../../http/schemas.js';
import { currentUser } from '../../../http/request.js';
import { orgId } from '../../../platform/org.js';
import { namedSettingAudit } from '../../audit/targets.js';
import { getRetention, putRetention, type RetentionSettings } from '../settings.js';

const retention = Joi.object({
  messagesDays: Joi.number().integer().min(1).max(3650).description('Messages older than this many days are purged (default 42: 6 weeks)'),
  linkedinInactiveDays: Joi.number().integer().min(1).max(3650).description('LinkedIn threads are removed, and their conversation workflows ended, this many days after their last activity (default 14)'),
}).label('RetentionSettings');

export const getRetentionRoute = route({
  method: 'GET',
  path: '/api/settings/retention',
  admin: true,
  description: 'How long messages and LinkedIn threads are kept (admin)',
  tags: ['settings'],
  docs: responses(retention, [401, 403]),
  handler: async (request) => {
    const { db } = request.server.app.ctx;
    return getRetention(db, await orgId(db));
  },
});

export const putRetentionRoute = route({
  method: 'PUT',
  path: '/api/settings/retention',
  admin: true,
  description: 'Set how long messages and LinkedIn threads are kept (admin); the hourly purge applies it',
  notes: 'Either field may be left out to keep its value.',
  audit: namedSettingAudit('retention', async (db) => getRetention(db, await orgId(db))),
  tags: ['settings'],
  validate: { payload: retention.min(1).label('RetentionSettingsInput') },
  docs: responses(retention, [400, 401, 403]),
  handler: async (request) => {
    const { db } = request.server.app.ctx;
    const org = await orgId(db);
    const value = { ...(await getRetention(db, org)), ...(request.payload as Partial<RetentionSettings>) };
    return putRetention(db, org, value, currentUser(request).id);
  },
});
