import type { Knex } from 'knex';

// The relay evaluates the automations of a message as it links it (issue 11): what fired for the
// workflow to carry out is kept on the message's queue row, written in the evaluation's own
// transaction, so a relay that dies before its signal neither evaluates the message twice nor
// loses what fired (the next relay reads it back when it claims the row).
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE inbound_queue ADD COLUMN evaluated jsonb');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE inbound_queue DROP COLUMN IF EXISTS evaluated');
}
