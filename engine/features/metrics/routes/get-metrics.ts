import { route } from '../../../http/route.js';
import { currentUser } from '../../../http/request.js';
import { responses } from '../../../http/schemas.js';
import { timeZoneOf } from '../../people/profile-repository.js';
import { metricsRange } from '../range.js';
import { computeMetrics, type Interval } from '../repository.js';
import { metrics, metricsQuery } from '../schemas.js';

export const getMetricsRoute = route({
  method: 'GET',
  path: '/api/metrics',
  description: 'Team metrics per local day or week: received, created, resolved, response and resolution times, CSAT',
  notes:
    'In your time zone (PUT /api/me), else the organisation\'s, else UTC. Admins count every conversation; agents those they may ' +
    'see in listings: public ones, and private ones on channels where they hold viewPrivate (on a channel whose permissions ' +
    'were never set, everyone holds all). Definitions: engine/features/metrics/repository.ts.',
  tags: ['metrics'],
  permission: { listing: 'metrics' },
  validate: { query: metricsQuery },
  docs: responses(metrics, [400, 401]),
  handler: async (request) => {
    const { db } = request.server.app.ctx;
    const user = currentUser(request);
    const q = request.query as { from?: string; to?: string; interval: Interval; channelId?: string; teamId?: string };
    const timeZone = await timeZoneOf(db, user.id);
    const range = metricsRange(q, timeZone);
    // Scoped like the listings: an agent's figures count only the conversations they may see.
    const viewerId = user.role === 'admin' ? undefined : user.id;
    return computeMetrics(db, { timeZone, ...range, interval: q.interval, channelId: q.channelId, teamId: q.teamId, viewerId });
  },
});
