import type { ServerRoute } from '@hapi/hapi';
import Joi from 'joi';
import { listTeams } from '../teams-repository.js';
import { responses } from '../../../http/schemas.js';
import { team } from '../schemas.js';

export const listTeamsRoute: ServerRoute = {
  method: 'GET',
  path: '/api/teams',
  options: {
    description: 'List teams',
    tags: ['api', 'admin'],
    plugins: responses(Joi.array().items(team).label('Teams'), [401]),
    handler: (request) => listTeams(request.server.app.ctx.db),
  },
};
