import Joi from 'joi';
import type { User } from '../people/users-repository.js';
import { TAG_NAME_MAX, type LabelActor } from './labels.js';

// Agents' labels on a conversation (api.md "Conversations"): priority, topic and tags. Any signed-in
// user may change them, like the other conversation actions; they fire no automation.

export function agentActor(user: User): LabelActor {
  return { type: 'user', id: user.id, name: user.name };
}

export const tagNames = Joi.array().items(Joi.string().trim().min(1).max(TAG_NAME_MAX)).max(100);
