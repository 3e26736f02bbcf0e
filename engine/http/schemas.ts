import Joi from 'joi';
import { CONVERSATION_KINDS } from '../../rules/facts.js';

export const uuid = Joi.string().guid({ version: ['uuidv4', 'uuidv5', 'uuidv7'] });

export const idParams = Joi.object({
  id: uuid.required().description('Resource id').example('6f1c1c3e-3f7e-4c8b-9a52-7a1c2b0e4d11'),
}).label('IdParams');

export const errorBody = Joi.object({
  statusCode: Joi.number().integer().example(400),
  error: Joi.string().example('Bad Request'),
  message: Joi.string().example('"email" is required'),
}).label('Error');

export const userRef = Joi.object({ id: Joi.string(), name: Joi.string().allow(null) }).label('Ref');

export const user = Joi.object({
  id: Joi.string(),
  email: Joi.string(),
  name: Joi.string(),
  role: Joi.string().valid('admin', 'agent'),
}).label('User');

export const conversationItem = Joi.object({
  id: Joi.string(),
  channelId: Joi.string(),
  channelType: Joi.string(),
  kind: Joi.string().valid(...CONVERSATION_KINDS),
  status: Joi.string().valid('unassigned', 'assigned', 'pending', 'done'),
  queue: Joi.string().valid('unassigned', 'assigned', 'mine', 'pending', 'done'),
  contact: userRef,
  assignee: userRef.optional(),
  team: userRef.optional(),
  lastMessage: Joi.object({ text: Joi.string().allow(''), at: Joi.string(), direction: Joi.string().valid('in', 'out') }),
  replyWindowClosesAt: Joi.string().optional(),
  tags: Joi.array().items(userRef),
  topic: userRef.optional(),
  priority: Joi.string(),
}).label('ConversationItem');

/** Documented answers of a route: its success schema plus the 4xx it can give. */
export function responses(ok: Joi.Schema | undefined, codes: number[], okCode = 200) {
  const text: Record<number, string> = {
    400: 'Bad request: the message says what to fix',
    401: 'Missing or unknown bearer token',
    403: 'Your role does not allow this',
    404: 'Not found',
    409: 'The lifecycle forbids this action now; the message says why',
    413: 'The body is larger than this route accepts',
    429: 'Too many attempts: try again after the Retry-After seconds',
    502: 'The channel refused the message',
  };
  return {
    'hapi-swagger': {
      responses: {
        [okCode]: { description: 'OK', ...(ok ? { schema: ok } : {}) },
        ...Object.fromEntries(codes.map((c) => [c, { description: text[c] ?? 'Error', schema: errorBody }])),
      },
    },
  };
}
