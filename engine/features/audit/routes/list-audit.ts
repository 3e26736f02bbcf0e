import Joi from 'joi';
import { route } from '../../../http/route.js';
import { responses, uuid } from '../../../http/schemas.js';
import { listAudit, type AuditQuery } from '../repository.js';

const entry = Joi.object({
  id: Joi.string().description('The entry'),
  actor: Joi.object({ id: Joi.string().allow(null).description('null once the user is deleted'), name: Joi.string().description('Their name at the time') }).label('AuditActor'),
  at: Joi.string().isoDate().description('When the change was made'),
  type: Joi.string().description('What happened, kind.verb').example('channel.updated'),
  target: Joi.object({
    kind: Joi.string().description('What kind of thing changed').example('channel'),
    id: Joi.string().description('Its id, when it has one'),
    name: Joi.string().description('Its name, when it has one'),
  }).label('AuditTarget'),
  before: Joi.any().description('Its state before the change (null: it did not exist); secrets are never shown'),
  after: Joi.any().description('Its state after the change (null: deleted); secrets are never shown'),
}).label('AuditEntry');

export const listAuditRoute = route({
  method: 'GET',
  path: '/api/audit',
  admin: true,
  description: 'The audit of admin changes, newest first (admin)',
  notes: 'Documents, settings, channels and people: who changed what, when, with the state before and after. Page with nextCursor.',
  tags: ['admin'],
  validate: {
    query: Joi.object({
      from: Joi.date().iso().description('Changes at or after this instant').example('2026-12-01T00:00:00Z'),
      to: Joi.date().iso().description('Changes before this instant').example('2026-12-02T00:00:00Z'),
      actorId: uuid.description('Changes made by this user'),
      type: Joi.string().trim().max(100).pattern(/^[a-z0-9-]+(\.[a-z0-9-]+)*$/).description('A type (channel.updated), or a kind alone (channel) for all of its types').example('channel'),
      limit: Joi.number().integer().min(1).max(200).default(50).description('Entries per page (1–200)'),
      cursor: Joi.string().max(500).description('nextCursor of the previous page'),
    }).label('AuditQuery'),
  },
  docs: responses(Joi.object({ items: Joi.array().items(entry), nextCursor: Joi.string().description('Absent on the last page') }).label('AuditPage'), [400, 401, 403]),
  handler: (request) => {
    const { from, to, ...rest } = request.query as Omit<AuditQuery, 'from' | 'to'> & { from?: Date; to?: Date };
    return listAudit(request.server.app.ctx.db, { ...rest, from: from?.toISOString(), to: to?.toISOString() });
  },
});
