import Boom from '@hapi/boom';
import Joi from 'joi';
import { InvalidLabelError, NotFoundError, TAG_NAME_MAX, type LabelActor } from './labels.js';
import type { User } from '../people/users-repository.js';

// Agents' labels on a conversation (api.md "Conversations"): priority, topic and tags. Any signed-in
// user may change them, like the other conversation actions; they fire no automation.

/** The 404 and 400 of the label and contact functions; anything else goes on to errors.ts. */
export function labelErrors(err: unknown): never {
  if (err instanceof NotFoundError) throw Boom.notFound(err.message);
  if (err instanceof InvalidLabelError) throw Boom.badRequest(err.message);
  throw err;
}

export function agentActor(user: User): LabelActor {
  return { type: 'user', id: user.id, name: user.name };
}

export const tagNames = Joi.array().items(Joi.string().trim().min(1).max(TAG_NAME_MAX)).max(100);
