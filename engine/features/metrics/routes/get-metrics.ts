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
    'In your time zone (PUT /api/me), else the organisation\'s, else UTC. Admins see every channel; agents the channels ' +
    'they may see (every channel until channel permissions exist). Definitions: engine/features/metrics/repository.ts.',
  tags: ['metrics'],
  validate: { query: metricsQuery },
  docs: responses(metrics, [400, 401]),
  handler: async (request) => {
    const { db } = request.server.app.ctx;
    const user = currentUser(request);
    const q = request.query as { from?: string; to?: string; interval: Interval; channelId?: string; teamId?: string };
    const timeZone = await timeZoneOf(db, user.id);
    const range = metricsRange(q, timeZone);
    // Channel permissions will narrow an agent's channels here (channelIds); today they see all.
    return computeMetrics(db, { timeZone, ...range, interval: q.interval, channelId: q.channelId, teamId: q.teamId });
  },
});
