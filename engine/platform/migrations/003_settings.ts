import type { Knex } from 'knex';

// Lifecycle settings (api.md, "Lifecycle settings"): business hours per channel, the org's
// auto-resolve / unassign / pending-after-reply settings, resolution reasons, agent presence and
// CSAT surveys. The workflows read them; the admin API writes them.
export async function up(knex: Knex): Promise<void> {
  // One document per channel; none means always open. `document` holds { schedule, original }:
  // the validated schedule the engine computes with, and the document exactly as the admin sent it.
  await knex.schema.createTable('business_hours', (t) => {
    t.uuid('channel_id').primary().references('channels.id').onDelete('CASCADE');
    t.jsonb('document').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.uuid('updated_by').references('users.id').onDelete('SET NULL');
  });

  // Small org-wide settings, one JSON value per key ('auto-resolve', 'unassign', 'pending-after-reply').
  await knex.schema.createTable('settings', (t) => {
    t.uuid('org_id').notNullable().references('organisations.id');
    t.text('key').notNullable();
    t.jsonb('value').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.uuid('updated_by').references('users.id').onDelete('SET NULL');
    t.primary(['org_id', 'key']);
  });

  await knex.schema.createTable('resolution_reasons', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('org_id').notNullable().references('organisations.id');
    t.text('name').notNullable();
    t.specificType('channel_types', 'text[]').notNullable();
    t.specificType('kinds', 'text[]').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['org_id', 'name']);
  });

  await knex.schema.createTable('user_presence', (t) => {
    t.uuid('user_id').primary().references('users.id').onDelete('CASCADE');
    t.text('status').notNullable().checkIn(['online', 'away', 'offline'], 'user_presence_status_check');
    t.timestamp('last_seen_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('status_since', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // One survey per channel (a different survey per channel is allowed).
  await knex.schema.createTable('csat_surveys', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('org_id').notNullable().references('organisations.id');
    t.uuid('channel_id').notNullable().unique().references('channels.id').onDelete('CASCADE');
    t.text('default_language').notNullable();
    t.jsonb('versions').notNullable();
    t.integer('timeout_seconds').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['csat_surveys', 'user_presence', 'resolution_reasons', 'settings', 'business_hours']) {
    await knex.schema.dropTableIfExists(table);
  }
}
