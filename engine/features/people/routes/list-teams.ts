import Joi from 'joi';
import { route } from '../../../http/route.js';
import { responses } from '../../../http/schemas.js';
import { team } from '../schemas.js';
import { listTeams } from '../teams-repository.js';

export const listTeamsRoute = route({
  method: 'GET',
  path: '/api/teams',
  description: 'List teams',
  tags: ['admin'],
  docs: responses(Joi.array().items(team).label('Teams'), [401]),
  handler: (request) => listTeams(request.server.app.ctx.db),
});
