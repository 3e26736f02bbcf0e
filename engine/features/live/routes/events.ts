import { PassThrough } from 'node:stream';
import Boom from '@hapi/boom';
import type { ServerRoute } from '@hapi/hapi';
import { route } from '../../../http/route.js';
import Joi from 'joi';
import { currentUser } from '../../../http/request.js';
import { responses } from '../../../http/schemas.js';
import { userForToken } from '../../people/users-repository.js';
import type { LiveHub } from '../hub.js';
import { liveEvent } from '../schemas.js';

export function eventsRoute(hub: () => LiveHub | undefined): ServerRoute {
  return route({
    method: 'GET',
    path: '/api/events',
    description: 'Live updates as Server-Sent Events (text/event-stream)',
    notes:
      'Each event: `id:` its position, `event:` its kind (conversation.created, conversation.updated, message.created, ' +
      'message.updated, notification, contact.updated), `data:` one LiveEvent as JSON. A first `ready` event gives the ' +
      'position now. Reconnect with the Last-Event-ID header (browsers do) or `lastEventId` to receive what was missed; ' +
      'a `reset` event says the missed events are no longer kept (reload what you show). A comment every 15 s keeps ' +
      'the connection open; an `unauthorized` event ends it once the token expired or was revoked (checked every minute). ' +
      'EventSource cannot send headers: pass the bearer token as `token`.',
    tags: ['live'],
    permission: { listing: 'live events' },
    validate: {
      query: Joi.object({
        token: Joi.string().max(200).description('The bearer token, for clients that cannot send an Authorization header'),
        lastEventId: Joi.string().max(60).description('Resume after this event id (the Last-Event-ID header wins)'),
      }).label('EventsQuery'),
    },
    docs: responses(liveEvent, [401]),
    handler: async (request, h) => {
      const live = hub();
      if (!live) throw Boom.serverUnavailable('live updates are not running');
      const user = currentUser(request);
      const header = request.headers['last-event-id'];
      const from = typeof header === 'string' && header ? header : (request.query as { lastEventId?: string }).lastEventId;
      const stream = new PassThrough();
      // The client may leave while the subscription starts, or between two events: what comes
      // after the end is for nobody.
      const write = (text: string) => {
        if (!stream.writableEnded) stream.write(text);
      };
      // A stream outlives its request: once a minute its token must still be valid (not expired,
      // revoked, or its user gone), and the user's current role is what they may see by.
      const { token } = request.auth.artifacts as { token: string };
      const { db } = request.server.app.ctx;
      const subscription = await live.subscribe(user, from, write, () => stream.end(), () => userForToken(db, token));
      // The client went away (or the stream ended): stop writing to it.
      const gone = () => {
        subscription.close();
        stream.end();
      };
      if (request.raw.res.destroyed) gone();
      else request.raw.res.once('close', gone);
      write('retry: 2000\n\n');
      return h
        .response(stream)
        .type('text/event-stream; charset=utf-8')
        .header('cache-control', 'no-cache, no-transform')
        .header('x-accel-buffering', 'no')
        // Compression would hold events back in its buffer.
        .header('content-encoding', 'identity');
    },
  });
}
