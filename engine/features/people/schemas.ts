import Joi from 'joi';
import { user } from '../../http/schemas.js';

export const userWithCapacity = user
  .keys({
    capacity: Joi.number().integer().allow(null).description('Most open conversations routing gives them; null: the org default'),
    disabled: Joi.boolean().description('A disabled user cannot sign in; their tokens are refused'),
  })
  .label('UserWithCapacity');
export const team = Joi.object({ id: Joi.string(), name: Joi.string(), memberIds: Joi.array().items(Joi.string()) }).label('Team');
