/**
 * Validation and the machine agree: on random step graphs, a script that validates never makes the
 * machine fall back (a step it does not hold, a loop without a question): every run waits at a
 * question or ends at a handover or resolve step, or at a question out of time or attempts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerScript, startScript, timeoutScript, validateDocument, type ScriptDocument, type ScriptTurn } from '../../../../rules/index.js';

const MAX_STEPS = 6;
const target = fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 0, max: MAX_STEPS - 1 }).map((i) => `s${i}`) }, { weight: 1, arbitrary: fc.constant('gone') });
const optionalTarget = fc.option(target, { nil: undefined });

const stepArb = (i: number) =>
  fc.oneof(
    fc.record({ type: fc.constant('message'), text: fc.constant(`m${i}`), next: target }),
    fc.record({
      type: fc.constant('question'), text: fc.constant(`q${i}?`), answer: fc.constant('choice'), attribute: fc.constant(`a${i}`),
      choices: fc.constant([{ id: `k${i}a`, label: 'Oui', value: 'yes' }, { id: `k${i}b`, label: 'Non', value: 'no' }]),
      maxAttempts: fc.integer({ min: 1, max: 2 }), next: target, onInvalid: optionalTarget, onTimeout: optionalTarget,
    }, { requiredKeys: ['type', 'text', 'answer', 'attribute', 'choices', 'maxAttempts', 'next'] }),
    fc.record({
      type: fc.constant('branch'), otherwise: target,
      branches: target.map((next) => [{ id: `b${i}`, when: { id: `g${i}`, all: [{ id: `c${i}`, fact: 'contact.attributes.a0', operator: 'equal', value: 'yes' }] }, next }]),
    }),
    fc.record({ type: fc.constant('setAttribute'), key: fc.constant(`x${i}`), value: fc.constant(i), next: target }),
    fc.record({ type: fc.constant('handover') }),
    fc.record({ type: fc.constant('resolve') }),
  ).map((step) => ({ id: `s${i}`, ...step }));

const scriptArb = fc.integer({ min: 1, max: MAX_STEPS }).chain((n) =>
  fc.tuple(...Array.from({ length: n }, (_, i) => stepArb(i))).map((steps) => ({
    schema: 'switchboard.script/1', name: 'random', enabled: true, start: 's0', steps,
  })),
);
const eventsArb = fc.array(fc.constantFrom('Oui', 'non', '2', 'peut-être', null), { maxLength: 8 });

describe('validation and the machine', () => {
  it('a valid script only waits at questions and ends at a handover, a resolve, or a question', () => {
    let valid = 0;
    fc.assert(
      fc.property(scriptArb, eventsArb, (input, events) => {
        const result = validateDocument(input);
        if (!result.valid) return;
        valid += 1;
        const doc = result.document as ScriptDocument;
        const typeOf = (id: string) => doc.steps.find((s) => s.id === id)?.type;
        const turns: ScriptTurn[] = [startScript(doc)];
        for (const event of events) {
          const { state } = turns.at(-1)!;
          turns.push(event === null ? timeoutScript(doc, state) : answerScript(doc, state, event));
        }
        for (const { state, effects } of turns) {
          if (state.status === 'waiting') expect(typeOf(state.stepId)).toBe('question');
          for (const effect of effects) {
            if (effect.type !== 'end') continue;
            const expected = { handover: 'handover', resolved: 'resolve', timeout: 'question', invalid: 'question' }[effect.reason as string];
            expect(typeOf(effect.stepId), JSON.stringify(effect)).toBe(expected);
          }
        }
      }),
      { numRuns: 2000 },
    );
    expect(valid).toBeGreaterThan(50);
  });
});
