import { describe, expect, it } from 'vitest';
import {
  compileContactGroups,
  compileSkillSets,
  type ContactGroupDocument,
  type Group,
  type PublishedDocument,
  type SkillSetDocument,
  type SkillSetTarget,
} from '../../../rules/index.js';
import { all, any, cond, not } from './builders.js';

const skillSet = (id: string, when: Group, target: SkillSetTarget, enabled = true): PublishedDocument<SkillSetDocument> => ({
  id,
  document: { schema: 'switchboard.skillset/1', name: id, enabled, when, target, strategy: id.endsWith('rr') ? 'roundRobin' : 'balanced' },
});
const group = (id: string, when: Group, enabled = true): PublishedDocument<ContactGroupDocument> => ({
  id,
  document: { schema: 'switchboard.contactgroup/1', name: id, enabled, when },
});

describe('skill-set routing', () => {
  const router = compileSkillSets(
    [
      skillSet('off', all(cond('contact.language', 'isSet')), { teamId: 'nobody' }, false),
      skillSet('french-rr', all(cond('contact.language', 'equal', 'FR')), { userIds: ['u1', 'u2'] }),
      skillSet('billing', all(cond('conversation.tags', 'includes', 'refund')), { teamId: 'billing' }),
      skillSet('fallback', all(cond('message.text', 'isSet')), { teamId: 'general' }),
    ],
    { version: 1 },
  );

  it('routes to the first matching skill set, in list order', async () => {
    const route = await router.route({ 'contact.language': 'fr', 'conversation.tags': ['refund'], 'message.text': 'x' });
    expect(route).toMatchObject({ skillSetId: 'french-rr', target: { userIds: ['u1', 'u2'] }, strategy: 'roundRobin' });
    expect(route?.trace).toMatchObject({ [Object.keys(route!.trace)[0]]: { value: 'fr', result: true } });
    expect(await router.route({ 'contact.language': 'en', 'conversation.tags': ['Refund'], 'message.text': 'x' })).toMatchObject({
      skillSetId: 'billing',
      target: { teamId: 'billing' },
      strategy: 'balanced',
    });
    expect((await router.route({ 'message.text': 'x' }))?.skillSetId).toBe('fallback');
    expect(await router.route({})).toBeUndefined();
  });

  it('gives each concurrent route its own answer', async () => {
    const inputs = Array.from({ length: 20 }, (_, i) => (i % 2 ? { 'contact.language': 'fr' } : { 'message.text': 'x' }));
    const routes = await Promise.all(inputs.map((facts) => router.route(facts)));
    routes.forEach((route, i) => expect(route?.skillSetId).toBe(i % 2 ? 'french-rr' : 'fallback'));
  });
});

describe('contact groups', () => {
  const matcher = compileContactGroups(
    [
      group('french', all(cond('contact.language', 'equal', 'fr'))),
      group('vip', any(cond('contact.attributes.plan', 'in', ['gold', 'platinum']), cond('contact.attributes.orders', 'greaterThan', 10))),
      group('unknown-language', all(not(cond('contact.language', 'isSet')))),
      group('disabled', all(cond('contact.language', 'isSet')), false),
    ],
    { version: 3 },
  );

  it('lists every matching group, in list order', async () => {
    expect(await matcher.groupsOf({ 'contact.language': 'FR', 'contact.attributes.plan': 'Gold' })).toEqual(['french', 'vip']);
    expect(await matcher.groupsOf({ 'contact.attributes.orders': '12' })).toEqual(['vip', 'unknown-language']);
    expect(await matcher.groupsOf({ 'contact.language': 'en' })).toEqual([]);
  });

  it('reads only contact facts', async () => {
    expect(await matcher.groupsOf({ 'contact.language': 'en', 'message.text': 'fr' })).toEqual([]);
  });
});
