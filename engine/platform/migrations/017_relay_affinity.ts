import type { Knex } from 'knex';

// A thread's queued messages stay with the relay that holds some of them (issue 11): with several
// API processes, each relay claimed whichever rows came next, so a thread's messages were split
// between relays, signalled out of their order and never joined into the signal that waited for
// them. A claimed row names its relay; another relay leaves that thread's rows alone while the
// lease lasts (a dead relay's threads are free again when it runs out). The index serves that look
// and act()'s "is a hand-over of this thread pending".
export async function up(knex: Knex): Promise<void> {
  await knex.raw('ALTER TABLE inbound_queue ADD COLUMN claimed_by uuid');
  await knex.raw('CREATE INDEX inbound_queue_thread ON inbound_queue (channel_id, thread_key)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS inbound_queue_thread');
  await knex.raw('ALTER TABLE inbound_queue DROP COLUMN IF EXISTS claimed_by');
}
