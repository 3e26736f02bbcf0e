import Joi from 'joi';
import { uuid } from '../../http/schemas.js';
import { PERMISSIONS } from './model.js';

const grant = Joi.object({
  userId: uuid.description('A user of the organisation'),
  teamId: uuid.description('A team of the organisation: every member holds the permissions'),
  permissions: Joi.array().items(Joi.string().valid(...PERMISSIONS)).unique().required()
    .description('viewPrivate: see private conversations; reply: reply to and handle private ones; commentAndReply: reply to and moderate public ones'),
}).xor('userId', 'teamId').label('ChannelGrant');

export const grantsPayload = Joi.object({
  grants: Joi.array().items(grant).max(1000).required().description("The channel's grants; replaces all of them"),
}).label('ChannelPermissionsInput');

export const channelPermissions = Joi.object({
  restricted: Joi.boolean().description('False until permissions are first set: until then every user holds all three'),
  grants: Joi.array().items(grant).description("The channel's grants"),
}).label('ChannelPermissions');
