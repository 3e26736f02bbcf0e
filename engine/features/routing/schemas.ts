import Joi from 'joi';
import { MAX_CAPACITY } from './capacity.js';
import { PRESENCE_STATUSES } from './presence.js';

export const presence = Joi.object({
  userId: Joi.string(),
  status: Joi.string().valid(...PRESENCE_STATUSES),
  lastSeenAt: Joi.string().isoDate().optional(),
  statusSince: Joi.string().isoDate().optional(),
}).label('Presence');

export const routingBody = Joi.object({
  defaultCapacity: Joi.number().integer().min(1).max(MAX_CAPACITY).required()
    .description('Most open conversations routing gives an agent without their own capacity').example(10),
}).label('RoutingSettings');
