import { describe, expect, it } from 'vitest';
import { compileAutomations, factsFromSample, InvalidDocumentError, type Facts } from '../../../rules/index.js';
import { act, all, any, automation, cond, not } from './builders.js';

const set = { version: 7 };
const message = (text: string, extra: Facts = {}): Facts => ({ 'message.text': text, 'conversation.tags': [], ...extra });

describe('compileAutomations / evaluate', () => {
  it('fires matching automations in list order, each seeing the facts the earlier ones left', async () => {
    const tagRefund = act({ type: 'addTags', tags: ['refund'] });
    const billing = act({ type: 'assignTeam', teamId: 'billing' });
    const urgent = act({ type: 'setPriority', priority: 'urgent' });
    const evaluator = compileAutomations(
      [
        automation('tagger', all(cond('message.text', 'contains', 'rembourse')), [tagRefund]),
        automation('router', all(cond('conversation.tags', 'includes', 'REFUND')), [billing]),
        automation('escalate', all(cond('conversation.priority', 'equal', 'high')), [urgent]),
      ],
      set,
    );
    const result = await evaluator.evaluate(message('Je veux être REMBOURSÉ'), 'message.received');
    expect(result.set).toBe(set);
    expect(result.fired.map((f) => [f.id, f.actions])).toEqual([
      ['tagger', [tagRefund]],
      ['router', [billing]],
    ]);
    expect(result.automations.map((a) => a.status)).toEqual(['fired', 'fired', 'notMatched']);
    expect(result.facts['conversation.tags']).toEqual(['refund']);
  });

  it('a later automation does not see changes of an automation after it, and each runs at most once', async () => {
    const evaluator = compileAutomations(
      [
        automation('router', all(cond('conversation.tags', 'includes', 'refund')), [act({ type: 'assignTeam', teamId: 'b' })]),
        automation('tagger', all(cond('message.text', 'isSet')), [act({ type: 'addTags', tags: ['refund', 'Refund'] })]),
      ],
      set,
    );
    const result = await evaluator.evaluate(message('hello'), ['message.received', 'conversation.created']);
    expect(result.fired.map((f) => f.id)).toEqual(['tagger']);
    expect(result.facts['conversation.tags']).toEqual(['refund']); // not doubled
  });

  it('stop ends the evaluation when its automation fires', async () => {
    const evaluator = compileAutomations(
      [
        automation('first', all(cond('message.text', 'contains', 'spam')), [act({ type: 'resolve' })], { stop: true }),
        automation('second', all(cond('message.text', 'isSet')), [act({ type: 'addTags', tags: ['seen'] })]),
      ],
      set,
    );
    const stopped = await evaluator.evaluate(message('SPAM offer'), 'message.received');
    expect(stopped.fired.map((f) => f.id)).toEqual(['first']);
    expect(stopped.stoppedBy).toBe('first');
    expect(stopped.automations[1].status).toBe('skippedAfterStop');
    const notStopped = await evaluator.evaluate(message('hello'), 'message.received');
    expect(notStopped.fired.map((f) => f.id)).toEqual(['second']);
    expect(notStopped.stoppedBy).toBeUndefined();
  });

  it('runs only automations with one of the evaluation triggers; disabled ones never', async () => {
    const evaluator = compileAutomations(
      [
        automation('onCreate', all(cond('message.text', 'isSet')), [act({ type: 'setTopic', topicId: 't1' })], { triggers: ['conversation.created'] }),
        automation('onResolve', all(cond('conversation.topic', 'equal', 't1')), [act({ type: 'sendSavedReply', savedReplyId: 'bye' })], { triggers: ['conversation.resolved'] }),
        automation('off', all(cond('message.text', 'isSet')), [act({ type: 'assignUser', userId: 'u' })], { enabled: false, triggers: ['conversation.created'] }),
      ],
      set,
    );
    const created = await evaluator.evaluate(message('hi'), ['message.received', 'conversation.created']);
    expect(created.fired.map((f) => f.id)).toEqual(['onCreate']);
    expect(created.automations.map((a) => [a.id, a.status])).toEqual([
      ['onCreate', 'fired'],
      ['onResolve', 'notTriggered'],
    ]);
    expect(created.automations[1].trace).toEqual({});
    const resolved = await evaluator.evaluate({ 'conversation.topic': 'T1' }, 'conversation.resolved');
    expect(resolved.fired.map((f) => f.id)).toEqual(['onResolve']);
  });

  it('setContactAttribute, removeTags and setTopic are seen by later automations', async () => {
    const evaluator = compileAutomations(
      [
        automation('a', all(cond('message.text', 'isSet')), [
          act({ type: 'setContactAttribute', key: 'tier', value: 'Gold' }),
          act({ type: 'removeTags', tags: ['NEW'] }),
          act({ type: 'setTopic', topicId: 'billing' }),
        ]),
        automation('b', all(cond('contact.attributes.tier', 'equal', 'gold'), cond('conversation.tags', 'excludes', 'new'), cond('conversation.topic', 'equal', 'billing')), [
          act({ type: 'assignTeam', teamId: 'vip' }),
        ]),
      ],
      set,
    );
    const result = await evaluator.evaluate(message('x', { 'conversation.tags': ['New', 'other'] }), 'message.received');
    expect(result.fired.map((f) => f.id)).toEqual(['a', 'b']);
    expect(result.facts).toMatchObject({ 'contact.attributes.tier': 'Gold', 'conversation.tags': ['other'], 'conversation.topic': 'billing' });
  });

  it('traces the value and result of every condition and group', async () => {
    const doc = {
      id: 'x',
      document: {
        schema: 'switchboard.automation/1' as const,
        name: 'trace me',
        enabled: true,
        triggers: ['message.received' as const],
        stop: false,
        when: {
          id: 'g1',
          all: [
            { id: 'c1', fact: 'message.text', operator: 'contains' as const, value: 'remboursement' },
            {
              id: 'g2',
              any: [
                { id: 'c2', fact: 'channel.type', operator: 'in' as const, value: ['messenger', 'whatsapp'] },
                { id: 'g3', not: { id: 'c3', fact: 'contact.groups', operator: 'includes' as const, value: 'premier' } },
              ],
            },
          ],
        },
        then: [{ id: 'a1', type: 'addTags' as const, tags: ['refund'] }],
      },
    };
    const evaluator = compileAutomations([doc], set);
    const facts = factsFromSample({
      message: { text: 'Un REMBOURSEMENT svp' },
      channel: { type: 'x' },
      contact: { groups: ['premier'], attributes: { plan: 'gold' } },
    });
    expect(facts['contact.attributes.plan']).toBe('gold');
    const result = await evaluator.evaluate(facts, 'message.received');
    expect(result.automations[0].trace).toEqual({
      c1: { value: 'Un REMBOURSEMENT svp', result: true },
      c2: { value: 'x', result: false },
      c3: { value: ['premier'], result: true },
      g3: { value: true, result: false },
      g2: { value: [false, false], result: false },
      g1: { value: [true, false], result: false },
    });
    expect(result.fired).toEqual([]);
  });

  it('evaluates all / any / not nested deeply', async () => {
    // not(not(...not(c)...)) 40 levels deep inside alternating all/any groups
    let node = cond('message.text', 'contains', 'ok');
    for (let depth = 0; depth < 40; depth += 1) node = depth % 3 === 0 ? not(node) : depth % 3 === 1 ? all(node, cond('message.text', 'isSet')) : any(node, cond('message.text', 'equal', 'never'));
    // 14 `not`s: an even count, so the innermost condition decides
    const evaluator = compileAutomations([automation('deep', all(node), [act({ type: 'resolve', reasonId: 'r' })])], set);
    expect((await evaluator.evaluate(message('OK then'), 'message.received')).fired).toHaveLength(1);
    expect((await evaluator.evaluate(message('nope'), 'message.received')).fired).toHaveLength(0);
    const trace = (await evaluator.evaluate(message('nope'), 'message.received')).automations[0].trace;
    expect(Object.keys(trace).length).toBeGreaterThan(60);
  });

  it('never shares an engine between concurrent evaluations', async () => {
    const evaluator = compileAutomations(
      [
        automation('stopper', all(cond('message.text', 'contains', 'stop')), [act({ type: 'addTags', tags: ['s'] })], { stop: true }),
        ...Array.from({ length: 20 }, (_, i) => automation(`n${i}`, all(cond('message.text', 'isSet')), [act({ type: 'addTags', tags: [`t${i}`] })])),
      ],
      set,
    );
    const runs = await Promise.all(
      Array.from({ length: 30 }, (_, i) => evaluator.evaluate(message(i % 2 ? 'stop' : 'go'), 'message.received')),
    );
    runs.forEach((run, i) => expect(run.fired.length, `run ${i}`).toBe(i % 2 ? 1 : 20));
    expect(evaluator.engines).toBeGreaterThan(1);
    // sequential evaluations reuse the engines already built
    const before = evaluator.engines;
    for (let i = 0; i < 5; i += 1) await evaluator.evaluate(message('go'), 'message.received');
    expect(evaluator.engines).toBe(before);
  });

  it('refuses to compile an invalid document, and ignores layout', async () => {
    expect(() => compileAutomations([automation('bad', all(), [])], set)).toThrow(InvalidDocumentError);
    const a = automation('l', all(cond('message.text', 'isSet')), [act({ type: 'resolve' })]);
    const withLayout = { ...a, document: { ...a.document, layout: { [a.document.when.id]: { x: 1, y: 2 } } } };
    expect(compileAutomations([withLayout], set).fingerprint).toBe(compileAutomations([a], set).fingerprint);
  });
});
