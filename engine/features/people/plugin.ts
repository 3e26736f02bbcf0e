import type { Plugin } from '@hapi/hapi';
import { createTeamRoute } from './routes/create-team.js';
import { createUserRoute } from './routes/create-user.js';
import { listTeamsRoute } from './routes/list-teams.js';
import { listUsersRoute } from './routes/list-users.js';
import { loginRoute } from './routes/login.js';
import { logoutRoute } from './routes/logout.js';
import { meRoute } from './routes/me.js';
import { metaRoute } from './routes/meta.js';
import { getOrganisationRoute } from './routes/get-organisation.js';
import { updateMeRoute } from './routes/update-me.js';
import { updateOrganisationRoute } from './routes/update-organisation.js';
import { updateTeamRoute } from './routes/update-team.js';
import { updateUserRoute } from './routes/update-user.js';

/** Sign-in, the signed-in user, users and teams. */
export const peoplePlugin: Plugin<void> = {
  name: 'switchboard-people',
  register(server) {
    server.route([
      createTeamRoute,
      createUserRoute,
      listTeamsRoute,
      listUsersRoute,
      loginRoute,
      logoutRoute,
      meRoute,
      metaRoute,
      updateMeRoute,
      getOrganisationRoute,
      updateOrganisationRoute,
      updateTeamRoute,
      updateUserRoute,
    ]);
  },
};
