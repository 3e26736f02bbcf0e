import Joi from 'joi';
import { currentUser } from '../../../http/request.js';
import { route } from '../../../http/route.js';
import { responses } from '../../../http/schemas.js';
import { teamIdsOf } from '../../people/teams-repository.js';
import { queueCount } from '../schemas.js';
import { queueCounts, QUEUES } from '../unread.js';

export const queueCountsRoute = route({
  method: 'GET',
  path: '/api/conversations/counts',
  description: 'Conversations and unread conversations in each of your queues',
  notes: 'Unread: the conversation has a customer message newer than the last time you opened it (or marked it read).',
  tags: ['conversations'],
  permission: { listing: 'conversation counts' },
  docs: responses(
    Joi.object({ queues: Joi.object(Object.fromEntries(QUEUES.map((q) => [q, queueCount]))).label('QueueCounts') }).label('ConversationCounts'),
    [401],
  ),
  handler: async (request) => {
    const { db } = request.server.app.ctx;
    const user = currentUser(request);
    return queueCounts(db, user, await teamIdsOf(db, user.id));
  },
});
