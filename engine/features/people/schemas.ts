import Joi from 'joi';
import { user } from '../../http/schemas.js';

export const userWithCapacity = user
  .keys({
    capacity: Joi.number().integer().allow(null).description('Most open conversations routing gives them; null: the org default'),
    disabled: Joi.boolean().description('A disabled user cannot sign in; their tokens are refused'),
  })
  .label('UserWithCapacity');
export const team = Joi.object({
  id: Joi.string().description('Team id'),
  name: Joi.string().description('Team name'),
  memberIds: Joi.array().items(Joi.string()).description('Members\' user ids'),
  members: Joi.array().items(Joi.object({ id: Joi.string().description('User id'), name: Joi.string().description('Name') }).label('TeamMember'))
    .description('The members with their names (in the list), so agents can assign to a colleague'),
}).label('Team');

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
