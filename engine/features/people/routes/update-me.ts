import { route } from '../../../http/route.js';
import Joi from 'joi';
import { IANAZone } from 'luxon';
import { currentUser } from '../../../http/request.js';
import { responses } from '../../../http/schemas.js';
import { LANGUAGES, updateProfile, type Language } from '../profile-repository.js';
import { profile } from '../schemas.js';
import { Invalid } from '../../../platform/errors.js';

export const updateMeRoute = route({
  method: 'PUT',
  path: '/api/me',
  description: 'Change your own name, language or time zone',
  tags: ['auth'],
  validate: {
    payload: Joi.object({
      name: Joi.string().trim().min(1).max(200).description('Your name as colleagues see it').example('Camille Martin'),
      language: Joi.string().valid(...LANGUAGES).allow(null).description('Language of the UI; null: the browser\'s').example('fr'),
      timeZone: Joi.string().max(100).allow(null).description('IANA time zone of dates and metrics; null: the organisation\'s, else UTC').example('Europe/Paris'),
    }).min(1).label('ProfileUpdate'),
  },
  docs: responses(profile, [400, 401]),
  handler: async (request) => {
    const input = request.payload as { name?: string; language?: Language | null; timeZone?: string | null };
    if (typeof input.timeZone === 'string' && !IANAZone.isValidZone(input.timeZone)) {
      throw new Invalid(`timeZone "${input.timeZone}" is not an IANA time zone: use a name such as Europe/Paris or America/New_York`);
    }
    return (await updateProfile(request.server.app.ctx.db, currentUser(request).id, input))!;
  },
});
