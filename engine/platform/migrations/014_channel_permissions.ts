import type { Knex } from 'knex';

// Channel permissions (api.md "Context, permissions and metrics"): grants of viewPrivate, reply and
// commentAndReply to a user or a team on one channel. A channel no admin has restricted yet
// (`permissions_restricted` false) is open: every agent holds all three there, so a new channel
// works before anyone configures it; the first PUT of its permissions restricts it for good.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('channels', (t) => {
    t.boolean('permissions_restricted').notNullable().defaultTo(false);
  });
  await knex.raw(`
    CREATE TABLE channel_grants (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      channel_id uuid NOT NULL REFERENCES channels(id) ON DELETE CASCADE,
      user_id uuid REFERENCES users(id) ON DELETE CASCADE,
      team_id uuid REFERENCES teams(id) ON DELETE CASCADE,
      permissions text[] NOT NULL,
      CONSTRAINT channel_grants_one_holder CHECK ((user_id IS NULL) <> (team_id IS NULL)),
      CONSTRAINT channel_grants_known CHECK (permissions <@ ARRAY['viewPrivate', 'reply', 'commentAndReply']::text[])
    )`);
  await knex.raw('CREATE UNIQUE INDEX channel_grants_user ON channel_grants (channel_id, user_id) WHERE user_id IS NOT NULL');
  await knex.raw('CREATE UNIQUE INDEX channel_grants_team ON channel_grants (channel_id, team_id) WHERE team_id IS NOT NULL');
  await knex.raw('CREATE INDEX channel_grants_by_user ON channel_grants (user_id) WHERE user_id IS NOT NULL');
  await knex.raw('CREATE INDEX channel_grants_by_team ON channel_grants (team_id) WHERE team_id IS NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE channel_grants');
  await knex.schema.alterTable('channels', (t) => t.dropColumn('permissions_restricted'));
}
