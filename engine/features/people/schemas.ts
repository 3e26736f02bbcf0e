import Joi from 'joi';
import { user } from '../../http/schemas.js';

export const userWithCapacity = user
  .keys({
    capacity: Joi.number().integer().allow(null).description('Most open conversations routing gives them; null: the org default'),
    disabled: Joi.boolean().description('A disabled user cannot sign in; their tokens are refused'),
  })
  .label('UserWithCapacity');
export const team = Joi.object({ id: Joi.string(), name: Joi.string(), memberIds: Joi.array().items(Joi.string()) }).label('Team');

export const profile = Joi.object({
  id: Joi.string().description('User id'),
  email: Joi.string().description('E-mail address'),
  name: Joi.string().description('Name'),
  role: Joi.string().valid('admin', 'agent').description('Role'),
  language: Joi.string().valid('en', 'fr').allow(null).description("Language of the UI; null: the browser's"),
  timeZone: Joi.string().allow(null).description("IANA time zone; null: the organisation's, else UTC"),
}).label('Profile');

export const organisation = Joi.object({
  name: Joi.string().description("The organisation's name"),
  timeZone: Joi.string().allow(null).description('IANA time zone users without their own default to; null: UTC'),
}).label('Organisation');
