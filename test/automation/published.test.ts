import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentGeneration, publishedRules, publishedRulesStats } from '../../engine/features/automation/published.js';
import type { Db } from '../../engine/platform/database.js';
import { createUser } from '../../engine/features/people/users-repository.js';
import { KINDS, type KindSpec } from '../../engine/features/automation/documents/kinds.js';
import { DocumentService } from '../../engine/features/automation/documents/service.js';
import type { Facts } from '../../rules/index.js';
import { freshDatabase } from '../support/database.js';

const spec = (kind: KindSpec['kind']) => KINDS.find((k) => k.kind === kind)!;

const automation = (name: string, tag: string, extra: Record<string, unknown> = {}) => ({
  schema: 'switchboard.automation/1',
  name,
  enabled: true,
  triggers: ['message.received'],
  when: { id: 'g1', all: [{ id: 'c1', fact: 'message.text', operator: 'contains', value: 'refund' }] },
  then: [{ id: 'a1', type: 'addTags', tags: [tag] }],
  stop: false,
  ...extra,
});

const facts: Facts = { 'message.text': 'I want a refund', 'conversation.tags': [] };

describe('publishedRules', () => {
  let db: Db;
  let userId: string;
  let automations: DocumentService;

  const fired = async () => {
    const rules = await publishedRules(db);
    const evaluation = await rules.automations.evaluate(facts, 'message.received');
    return evaluation.fired.map((f) => `${f.name}@${f.version}:${f.actions.map((a) => (a.type === 'addTags' ? a.tags.join() : a.type)).join()}`);
  };

  /** Runs `change` and answers whether the generation moved (and the rules were rebuilt for it). */
  async function moves(change: () => Promise<unknown>): Promise<boolean> {
    const before = await currentGeneration(db);
    const rulesBefore = await publishedRules(db);
    await change();
    const after = await currentGeneration(db);
    const rulesAfter = await publishedRules(db);
    expect(rulesAfter.generation).toBe(after);
    expect(rulesAfter === rulesBefore).toBe(after === before);
    return after !== before;
  }

  beforeAll(async () => {
    ({ db } = await freshDatabase());
    userId = (await createUser(db, { email: 'admin@example.com', name: 'Admin', password: 'a long enough password', role: 'admin' })).id;
    automations = new DocumentService(db, spec('automation'));
  });
  afterAll(async () => {
    await db?.destroy();
  });

  it('is empty before anything is published, and creating or editing a draft changes nothing evaluated', async () => {
    const rules = await publishedRules(db);
    expect(rules.empty).toBe(true);
    expect(rules.counts).toEqual({ automations: 0, skillSets: 0, contactGroups: 0, scripts: 0 });
    const { id } = await automations.create(automation('Draft only', 'draft'));
    expect(await moves(() => automations.saveDraft(id, automation('Draft only (edited)', 'draft')))).toBe(false);
    expect(await fired()).toEqual([]);
    await automations.remove(id);
  });

  it('changes generation on publish, rollback, order, enable/disable and delete, each evaluated right after', async () => {
    const first = await automations.create(automation('Refunds', 'refund'));
    const second = await automations.create(automation('Billing', 'billing'));

    expect(await moves(() => automations.publish(first.id, userId))).toBe(true);
    expect(await fired()).toEqual(['Refunds@1:refund']);

    expect(await moves(() => automations.publish(second.id, userId))).toBe(true);
    expect(await fired()).toEqual(['Refunds@1:refund', 'Billing@1:billing']);

    await automations.saveDraft(first.id, automation('Refunds', 'refund-v2'));
    expect(await moves(() => automations.publish(first.id, userId))).toBe(true);
    expect(await fired()).toEqual(['Refunds@2:refund-v2', 'Billing@1:billing']);

    // publishing a draft identical to the published version adds no version: nothing moves
    expect(await moves(() => automations.publish(first.id, userId))).toBe(false);

    expect(await moves(() => automations.rollback(first.id, 1, userId))).toBe(true);
    expect(await fired()).toEqual(['Refunds@3:refund', 'Billing@1:billing']);

    expect(await moves(() => automations.order([second.id, first.id]))).toBe(true);
    expect(await fired()).toEqual(['Billing@1:billing', 'Refunds@3:refund']);

    await automations.saveDraft(second.id, automation('Billing', 'billing', { enabled: false }));
    expect(await moves(() => automations.publish(second.id, userId))).toBe(true);
    expect(await fired()).toEqual(['Refunds@3:refund']);
    expect((await publishedRules(db)).counts.automations).toBe(1);

    await automations.saveDraft(second.id, automation('Billing', 'billing', { enabled: true }));
    expect(await moves(() => automations.publish(second.id, userId))).toBe(true);
    expect(await fired()).toEqual(['Billing@3:billing', 'Refunds@3:refund']);

    expect(await moves(() => automations.remove(second.id))).toBe(true);
    expect(await fired()).toEqual(['Refunds@3:refund']);
  });

  it('compiles skill sets and contact groups of the same generation', async () => {
    const skillSets = new DocumentService(db, spec('skillset'));
    const groups = new DocumentService(db, spec('contactgroup'));
    const team = await skillSets.create({
      schema: 'switchboard.skillset/1',
      name: 'French',
      enabled: true,
      when: { id: 'g1', all: [{ id: 'c1', fact: 'contact.language', operator: 'equal', value: 'fr' }] },
      target: { teamId: 'team-fr' },
      strategy: 'balanced',
    });
    const gold = await groups.create({
      schema: 'switchboard.contactgroup/1',
      name: 'Gold',
      enabled: true,
      when: { id: 'g1', all: [{ id: 'c1', fact: 'contact.attributes.plan', operator: 'equal', value: 'gold' }] },
    });
    expect(await moves(() => skillSets.publish(team.id, userId))).toBe(true);
    expect(await moves(() => groups.publish(gold.id, userId))).toBe(true);
    const rules = await publishedRules(db);
    expect(rules.counts).toEqual({ automations: 1, skillSets: 1, contactGroups: 1, scripts: 0 });
    expect(rules.empty).toBe(false);
    expect((await rules.skillSets.route({ 'contact.language': 'FR' }))?.target).toEqual({ teamId: 'team-fr' });
    expect(await rules.contactGroups.groupsOf({ 'contact.attributes.plan': 'Gold' })).toEqual([gold.id]);
  });

  it('builds a set once per generation: later and concurrent calls reuse it', async () => {
    const rules = await publishedRules(db);
    const builds = publishedRulesStats.builds;
    const again = await Promise.all(Array.from({ length: 20 }, () => publishedRules(db)));
    expect(again.every((r) => r === rules)).toBe(true);
    expect(publishedRulesStats.builds).toBe(builds);

    const { id } = await automations.create(automation('Late', 'late'));
    await automations.publish(id, userId);
    const concurrent = await Promise.all(Array.from({ length: 20 }, () => publishedRules(db)));
    expect(new Set(concurrent).size).toBe(1);
    expect(concurrent[0]).not.toBe(rules);
    expect(publishedRulesStats.builds).toBe(builds + 1);
    expect(concurrent[0].automations.engines).toBe(1);
  });
});
