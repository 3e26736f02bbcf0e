import Boom from '@hapi/boom';
import Joi from 'joi';
import { route } from '../../../http/route.js';
import { login } from '../users-repository.js';
import { recordFailure, recordSuccess, refuseWhenLimited } from '../login-limit.js';
import { responses, user } from '../../../http/schemas.js';

export const loginRoute = route({
  method: 'POST',
  path: '/api/auth/login',
  auth: false,
  description: 'Log in; answers a bearer token',
  tags: ['auth'],
  validate: {
    payload: Joi.object({
      email: Joi.string().email({ tlds: false }).required().description('The e-mail the user was created with').example('admin@example.com'),
      password: Joi.string().required().description("The user's password").example('correct horse battery staple'),
    }).label('Login'),
  },
  docs: responses(Joi.object({ token: Joi.string(), expiresAt: Joi.string().isoDate().description('When the token stops working (SWITCHBOARD_TOKEN_TTL)'), user }).label('LoginResult'), [400, 401, 429]),
  handler: async (request) => {
    const { email, password } = request.payload as { email: string; password: string };
    const { db, tokenTtlMs } = request.server.app.ctx;
    await refuseWhenLimited(db, email, request.info.remoteAddress);
    const result = await login(db, email, password, tokenTtlMs);
    if (!result) {
      await recordFailure(db, email, request.info.remoteAddress);
      throw Boom.unauthorized('wrong e-mail or password');
    }
    await recordSuccess(db, email);
    return result;
  },
});
