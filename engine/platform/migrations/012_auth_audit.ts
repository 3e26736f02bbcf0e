import type { Knex } from 'knex';

// Tokens that die before they expire (logout, a disabled account, a role change) and say why, users
// an admin disabled, and the audit of every admin change (api.md "Context, permissions and metrics").
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    // Set: the user cannot sign in and every token of theirs is refused.
    t.timestamp('disabled_at', { useTz: true });
  });
  await knex.schema.alterTable('auth_tokens', (t) => {
    t.timestamp('revoked_at', { useTz: true });
    // What the 401 tells the holder: "signed out", "account disabled", "role changed".
    t.text('revoked_reason');
  });
  await knex.raw('CREATE INDEX auth_tokens_user ON auth_tokens (user_id)');

  await knex.schema.createTable('admin_audit', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('org_id').notNullable().references('organisations.id');
    // Kept when the actor is deleted: the name at the time stays readable.
    t.uuid('actor_id').references('users.id').onDelete('SET NULL');
    t.text('actor_name').notNullable();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('type').notNullable();
    t.text('target_kind').notNullable();
    t.text('target_id');
    t.text('target_name');
    t.jsonb('before');
    t.jsonb('after');
  });
  await knex.raw('CREATE INDEX admin_audit_at ON admin_audit (org_id, at DESC, id DESC)');
  await knex.raw('CREATE INDEX admin_audit_actor ON admin_audit (org_id, actor_id, at DESC)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('admin_audit');
  await knex.raw('DROP INDEX IF EXISTS auth_tokens_user');
  await knex.schema.alterTable('auth_tokens', (t) => {
    t.dropColumn('revoked_reason');
    t.dropColumn('revoked_at');
  });
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('disabled_at');
  });
}
