import Boom from '@hapi/boom';
import type { Request } from '@hapi/hapi';
import type { User } from './contract.js';

export function currentUser(request: Request): User {
  const user = request.auth.credentials?.user;
  if (!user) throw Boom.unauthorized('sign in first');
  return user;
}

export function idParam(request: Request): string {
  return (request.params as { id: string }).id;
}
