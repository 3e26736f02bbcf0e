import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  answerScript,
  startScript,
  stopScript,
  timeoutScript,
  validateDocument,
  type ScriptDocument,
  type ScriptState,
  type ScriptTurn,
} from '../../../../rules/index.js';
import { orderHelp } from './example.js';

const valid = (doc: unknown): ScriptDocument => {
  const result = validateDocument(doc);
  expect(result.errors).toEqual([]);
  return result.document as ScriptDocument;
};
const script = valid(orderHelp());
/** JSON round trip: the state crosses continue-as-new as JSON. */
const viaJson = (state: ScriptState): ScriptState => JSON.parse(JSON.stringify(state)) as ScriptState;

describe('the script step machine', () => {
  it('sends the greeting, asks the first question and waits', () => {
    const turn = startScript(script);
    expect(turn.effects).toEqual([
      { type: 'send', stepId: 's1', text: 'Bonjour ! Je vais vous poser deux questions.' },
      { type: 'send', stepId: 's2', text: 'Votre adresse e-mail ?' },
      { type: 'ask', stepId: 's2', timeoutSeconds: 900 },
    ]);
    expect(turn.state).toEqual({ status: 'waiting', stepId: 's2', attempts: 0, attributes: {} });
  });

  it('re-asks with retryText after an invalid answer, then stores a valid one and lists the choices', () => {
    let turn = startScript(script);
    turn = answerScript(script, viaJson(turn.state), 'pas une adresse');
    expect(turn.effects).toEqual([
      { type: 'invalidAnswer', stepId: 's2', attempt: 1 },
      { type: 'send', stepId: 's2', text: "Ce n'est pas une adresse e-mail valide." },
      { type: 'ask', stepId: 's2', timeoutSeconds: 900 },
    ]);
    turn = answerScript(script, viaJson(turn.state), 'jeanne@example.fr');
    expect(turn.effects).toEqual([
      { type: 'answered', stepId: 's2', attribute: 'email', value: 'jeanne@example.fr' },
      { type: 'send', stepId: 's3', text: 'Commande ou livraison ?\n1. Commande\n2. Livraison' },
      { type: 'ask', stepId: 's3', timeoutSeconds: 900 },
    ]);
    expect(turn.state).toEqual({ status: 'waiting', stepId: 's3', attempts: 0, attributes: { email: 'jeanne@example.fr' } });
  });

  it('branches on the answer just given and hands over to the step team', () => {
    let turn = startScript(script);
    turn = answerScript(script, turn.state, 'jeanne@example.fr');
    turn = answerScript(script, turn.state, 'commande');
    expect(turn.effects).toEqual([
      { type: 'answered', stepId: 's3', attribute: 'reason', value: 'order' },
      { type: 'branched', stepId: 's4', branchId: 'b1' },
      { type: 'setAttribute', stepId: 's5', key: 'segment', value: 'orders' },
      { type: 'send', stepId: 's9', text: 'Un conseiller vous répond.' },
      { type: 'end', stepId: 's9', reason: 'handover', handover: true, teamId: 'team-orders' },
    ]);
    expect(turn.state).toEqual({
      status: 'ended', stepId: 's9', reason: 'handover',
      attributes: { email: 'jeanne@example.fr', reason: 'order', segment: 'orders' },
    });
  });

  it('takes "otherwise" when no branch holds', () => {
    let turn = startScript(script);
    turn = answerScript(script, turn.state, 'jeanne@example.fr');
    turn = answerScript(script, turn.state, '2');
    expect(turn.effects.filter((e) => e.type === 'branched' || e.type === 'setAttribute')).toEqual([{ type: 'branched', stepId: 's4', branchId: null }]);
    expect(turn.state.attributes).toEqual({ email: 'jeanne@example.fr', reason: 'delivery' });
  });

  it('branches on the conversation facts it is given, the attributes it set on top', () => {
    const doc = valid({
      ...orderHelp(),
      start: 's4',
      steps: [
        { id: 's4', type: 'branch', otherwise: 's8', branches: [
          { id: 'b1', when: { id: 'g2', all: [{ id: 'c1', fact: 'contact.attributes.plan', operator: 'equal', value: 'gold' }] }, next: 's9' },
        ] },
        { id: 's8', type: 'resolve', reasonId: 'r1' },
        { id: 's9', type: 'handover' },
      ],
    });
    expect(startScript(doc, { 'contact.attributes.plan': 'GOLD' }).effects.at(-1)).toEqual({ type: 'end', stepId: 's9', reason: 'handover', handover: true });
    expect(startScript(doc, {}).effects.at(-1)).toEqual({ type: 'end', stepId: 's8', reason: 'resolved', handover: false, reasonId: 'r1' });
  });

  it('goes to onInvalid once maxAttempts answers were invalid', () => {
    let turn = startScript(script);
    turn = answerScript(script, turn.state, 'non');
    turn = answerScript(script, turn.state, 'toujours non');
    expect(turn.effects).toEqual([
      { type: 'invalidAnswer', stepId: 's2', attempt: 2 },
      { type: 'send', stepId: 's9', text: 'Un conseiller vous répond.' },
      { type: 'end', stepId: 's9', reason: 'handover', handover: true, teamId: 'team-orders' },
    ]);
  });

  it('without onInvalid / onTimeout, ends with reason invalid / timeout and hands over to the skill sets', () => {
    const doc = valid({
      ...orderHelp(),
      start: 'q',
      steps: [
        { id: 'q', type: 'question', text: 'Votre numéro ?', answer: 'phone', attribute: 'phone', maxAttempts: 1, next: 'h' },
        { id: 'h', type: 'handover' },
      ],
    });
    const asked = startScript(doc);
    expect(answerScript(doc, asked.state, 'abc')).toEqual({
      state: { status: 'ended', stepId: 'q', reason: 'invalid', attributes: {} },
      effects: [{ type: 'invalidAnswer', stepId: 'q', attempt: 1 }, { type: 'end', stepId: 'q', reason: 'invalid', handover: true }],
    });
    expect(timeoutScript(doc, asked.state).effects).toEqual([
      { type: 'timedOut', stepId: 'q' },
      { type: 'end', stepId: 'q', reason: 'timeout', handover: true },
    ]);
  });

  it('goes to onTimeout when the question times out', () => {
    const turn = timeoutScript(script, startScript(script).state);
    expect(turn.effects).toEqual([
      { type: 'timedOut', stepId: 's2' },
      { type: 'send', stepId: 's9', text: 'Un conseiller vous répond.' },
      { type: 'end', stepId: 's9', reason: 'handover', handover: true, teamId: 'team-orders' },
    ]);
  });

  it('does nothing once ended or stopped by an agent', () => {
    const waiting = startScript(script).state;
    const stopped = stopScript(waiting, 'agent');
    expect(stopped).toEqual({ state: { status: 'ended', stepId: 's2', reason: 'agent', attributes: {} }, effects: [] });
    expect(answerScript(script, stopped.state, 'jeanne@example.fr')).toEqual({ state: stopped.state, effects: [] });
    expect(timeoutScript(script, stopped.state)).toEqual({ state: stopped.state, effects: [] });
  });

  it('is deterministic, and its state survives a JSON round trip at every turn', () => {
    const answers = fc.array(fc.oneof(fc.constantFrom('jeanne@example.fr', 'nope', '1', '2', 'Livraison', 'x'), fc.constant(null)), { maxLength: 6 });
    fc.assert(
      fc.property(answers, (events) => {
        const drive = (roundTrip: boolean) => {
          const turns: ScriptTurn[] = [startScript(script)];
          for (const event of events) {
            const state = roundTrip ? viaJson(turns.at(-1)!.state) : turns.at(-1)!.state;
            turns.push(event === null ? timeoutScript(script, state) : answerScript(script, state, event));
          }
          return turns;
        };
        expect(drive(true)).toEqual(drive(false));
      }),
    );
  });

  it('ends with a handover on a step id the document does not hold', () => {
    const doc = { ...script, start: 'gone' } as ScriptDocument;
    expect(startScript(doc).effects).toEqual([{ type: 'end', stepId: 'gone', reason: 'handover', handover: true }]);
  });
});
