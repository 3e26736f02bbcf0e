// Autoresponder scripts as the conversation workflow runs them (documents.md "Scripts"), on the
// time-skipping server: the selection and the facts are stubbed as the activities would answer
// them; sends, answers, timeouts at their instants, handovers and an agent taking over are the
// workflow's own.
import { WorkflowUpdateStage } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { status as hoursStatus, validateBusinessHours, type BusinessHoursSchedule } from '../../rules/business-hours/index.js';
import type { Facts } from '../../rules/facts.js';
import type { ScriptDocument } from '../../rules/script-document.js';
import { selectScript, selectionFromFacts } from '../../rules/script-selection.js';
import type { LifecycleSettings, ScriptFactsInput, SelectScriptResult } from '../../workflows/activities.js';
import { assignUpdate, replyUpdate, resolveUpdate, type Actor, type InboundItem } from '../../workflows/shared.js';
import {
  bundle,
  customerMessage,
  deliver,
  eventually,
  known,
  NO_SETTINGS,
  newRef,
  now,
  settled,
  sleepUntil,
  startFromSnapshot,
  stateOf,
  stubActivities,
  useTimeSkippingEnv,
  withWorker,
  type StubOptions,
} from '../support/workflow-harness.js';

useTimeSkippingEnv();

const SECOND = 1000;
const alice: Actor = { type: 'user', id: 'user-alice', name: 'Alice' };

/** The script of documents.md, with a team to hand over to. */
function orderHelp(version = 1): ScriptDocument {
  return {
    schema: 'switchboard.script/1',
    name: version === 1 ? 'Order help' : 'Order help v2',
    enabled: true,
    hours: 'any',
    start: 's1',
    steps: [
      { id: 's1', type: 'message', text: `Bonjour ! (v${version})`, next: 's2' },
      {
        id: 's2', type: 'question', text: 'Votre adresse e-mail ?', answer: 'email', attribute: 'email',
        retryText: "Ce n'est pas une adresse e-mail valide.", maxAttempts: 2, timeoutSeconds: 900, next: 's3',
      },
      {
        id: 's3', type: 'question', text: 'Commande ou livraison ?', answer: 'choice', attribute: 'reason', next: 's4',
        choices: [{ id: 'k1', label: 'Commande', value: 'order' }, { id: 'k2', label: 'Livraison', value: 'delivery' }],
      },
      {
        id: 's4', type: 'branch', otherwise: 's9',
        branches: [{ id: 'b1', when: { id: 'g2', all: [{ id: 'c1', fact: 'contact.attributes.reason', operator: 'equal', value: 'order' }] }, next: 's5' }],
      },
      { id: 's5', type: 'setAttribute', key: 'segment', value: 'orders', next: 's9' },
      { id: 's9', type: 'handover', teamId: 'team-orders', text: 'Un conseiller vous répond.' },
    ],
  };
}

/** One question, then a handover by the skill sets: for timeouts, invalid answers and windows. */
function oneQuestion(question: Partial<Extract<ScriptDocument['steps'][number], { type: 'question' }>> = {}, after: ScriptDocument['steps'] = []): ScriptDocument {
  return {
    schema: 'switchboard.script/1',
    name: 'Ask for the order',
    enabled: true,
    start: 'q1',
    steps: [
      { id: 'q1', type: 'question', text: 'Votre numéro de commande ?', answer: 'number', attribute: 'order', timeoutSeconds: 600, next: 'h1', ...question },
      { id: 'h1', type: 'handover' },
      ...after,
    ],
  };
}

const published = (document: ScriptDocument, version = 1, id = 'script-1'): SelectScriptResult => ({
  script: { id, name: document.name, version, document },
  facts: { 'channel.id': 'channel-messenger', 'conversation.kind': 'private' },
});

/** A customer who writes texts: the script activities answer each message's text as `message.text`. */
function customer() {
  const texts = new Map<string, string>();
  return {
    says(text: string, at: number): InboundItem {
      const item = customerMessage(at);
      texts.set(item.messageId, text);
      return item;
    },
    facts: (input: ScriptFactsInput): Facts => (input.messageId && texts.has(input.messageId) ? { 'message.text': texts.get(input.messageId)! } : {}),
  };
}

function scripted(options: StubOptions & { document?: ScriptDocument }) {
  const who = customer();
  const stub = stubActivities({
    selectScript: () => published(options.document ?? orderHelp()),
    scriptFacts: who.facts,
    ...options,
  });
  const sent = () => stub.calls.recordAutomated.map((c) => c.text);
  return { stub, who, sent };
}

const SCRIPT_ACTOR = { type: 'script', id: 'script-1', name: 'Order help', version: 1 };

describe('a script in the conversation workflow', () => {
  it('runs statement, question, invalid answer, re-ask, valid answer, choice, branch and hands over to its team; routing waits', async () => {
    const { stub, who, sent } = scripted({ route: () => ({ outcome: 'assigned', userId: 'user-bob', skillSetId: 'skill-any' }) });
    await withWorker(stub, async (tq) => {
      const ref = newRef();
      const handle = await deliver(tq, ref, [who.says('Bonjour', await now())]);
      await eventually(async () => sent().length, (n) => n === 2, 'the first question');
      const waiting = await stateOf(handle);
      expect(waiting!.script).toMatchObject({ id: 'script-1', version: 1, state: { status: 'waiting', stepId: 's2' } });
      expect(waiting!.status).toBe('unassigned');
      expect(sent()).toEqual(['Bonjour ! (v1)', 'Votre adresse e-mail ?']);
      expect(stub.calls.recordAutomated.every((c) => JSON.stringify(c.actor) === JSON.stringify(SCRIPT_ACTOR))).toBe(true);
      expect(stub.calls.recordScript[0]).toMatchObject({ writes: [{ type: 'started' }], running: { stepId: 's2' } });

      await deliver(tq, ref, [who.says('pas une adresse', await now())]);
      await eventually(async () => sent().length, (n) => n === 3, 'the re-ask');
      expect(sent()[2]).toBe("Ce n'est pas une adresse e-mail valide.");

      await deliver(tq, ref, [who.says('Jeanne@Example.FR', await now())]);
      await eventually(async () => sent().length, (n) => n === 4, 'the choice question');
      expect(sent()[3]).toBe('Commande ou livraison ?\n1. Commande\n2. Livraison');
      // routing waits while the script runs
      expect(stub.calls.routeConversation).toEqual([]);

      await deliver(tq, ref, [who.says('1', await now())]);
      const handed = await eventually(() => stateOf(handle), (s) => s?.status === 'assigned', 'the handover');
      expect(handed!.assignee).toEqual({ teamId: 'team-orders' });
      expect(handed!.script).toBeUndefined();
      expect(sent()[4]).toBe('Un conseiller vous répond.');
      expect(stub.scriptWrites().map(({ at: _at, ...w }) => w)).toEqual([
        { type: 'started' },
        { type: 'invalidAnswer', stepId: 's2', attempt: 1 },
        { type: 'answered', stepId: 's2', attribute: 'email', value: 'Jeanne@example.fr' },
        { type: 'answered', stepId: 's3', attribute: 'reason', value: 'order' },
        { type: 'setAttribute', stepId: 's5', key: 'segment', value: 'orders' },
        { type: 'ended', stepId: 's9', reason: 'handover' },
      ]);
      expect(stub.calls.recordScript.at(-1)!.running).toBeNull();
      expect(stub.events()).toEqual([{ type: 'conversation.assigned', actor: SCRIPT_ACTOR, detail: { teamId: 'team-orders' } }]);
      expect(stub.calls.routeConversation).toEqual([]);
    });
  });

  it('times out a question at its exact instant: nothing a second before, the timeout path dated at the due instant', async () => {
    const { stub, who } = scripted({
      document: oneQuestion(),
      route: () => ({ outcome: 'assigned', userId: 'user-bob', skillSetId: 'skill-any' }),
    });
    await withWorker(stub, async (tq) => {
      const handle = await deliver(tq, newRef(), [who.says('Bonjour', await now())]);
      const waiting = await eventually(() => stateOf(handle), (s) => s?.script?.dueAt !== undefined, 'the question');
      const due = Date.parse(waiting!.script!.dueAt!);
      await sleepUntil(due - SECOND);
      await settled(handle);
      expect((await stateOf(handle))!.script?.state.status).toBe('waiting');
      expect(stub.scriptWrites().map((w) => w.type)).toEqual(['started']);

      await sleepUntil(due + SECOND);
      const routed = await eventually(() => stateOf(handle), (s) => s?.status === 'assigned', 'the timeout handover');
      expect(routed!.assignee).toEqual({ userId: 'user-bob' });
      expect(stub.scriptWrites().at(-1)).toEqual({ type: 'ended', stepId: 'q1', reason: 'timeout', at: new Date(due).toISOString() });
      expect(stub.calls.routeConversation).toHaveLength(1);
    });
  });

  it('goes to the handover when maxAttempts answers were invalid', async () => {
    const { stub, who, sent } = scripted({
      document: oneQuestion({ maxAttempts: 2, retryText: 'Un nombre, svp.' }),
      route: () => ({ outcome: 'waiting', teamId: 'team-support', skillSetId: 'skill-any' }),
    });
    await withWorker(stub, async (tq) => {
      const ref = newRef();
      const handle = await deliver(tq, ref, [who.says('Bonjour', await now())]);
      await eventually(() => stateOf(handle), (s) => s?.script !== undefined, 'the question');
      await deliver(tq, ref, [who.says('je ne sais pas', await now())]);
      await eventually(async () => sent().length, (n) => n === 2, 'the re-ask');
      await deliver(tq, ref, [who.says('toujours pas', await now())]);
      const handed = await eventually(() => stateOf(handle), (s) => s?.script === undefined && s?.routingWaiting === true, 'the handover');
      expect(handed!.assignee).toEqual({ teamId: 'team-support' });
      expect(sent()).toEqual(['Votre numéro de commande ?', 'Un nombre, svp.']);
      expect(stub.scriptWrites().map(({ at: _at, ...w }) => w)).toEqual([
        { type: 'started' },
        { type: 'invalidAnswer', stepId: 'q1', attempt: 1 },
        { type: 'invalidAnswer', stepId: 'q1', attempt: 2 },
        { type: 'ended', stepId: 'q1', reason: 'invalid' },
      ]);
    });
  });

  it('stops at once when an agent assigns while it waits: the answer is not taken and nothing more is sent', async () => {
    const { stub, who, sent } = scripted({});
    await withWorker(stub, async (tq) => {
      const ref = newRef();
      const handle = await deliver(tq, ref, [who.says('Bonjour', await now())]);
      await eventually(() => stateOf(handle), (s) => s?.script?.state.stepId === 's2', 'the first question');
      const assigned = await handle.executeUpdate(assignUpdate, { args: [{ actor: alice, userId: alice.id }] });
      expect(assigned.script).toBeUndefined();
      expect(stub.scriptWrites().at(-1)).toMatchObject({ type: 'ended', stepId: 's2', reason: 'agent' });

      await deliver(tq, ref, [who.says('jeanne@example.fr', await now())]);
      await eventually(async () => stub.calls.linkInbound.length, (n) => n === 2, 'the answer linked');
      await settled(handle);
      expect(sent()).toEqual(['Bonjour ! (v1)', 'Votre adresse e-mail ?']);
      expect(stub.scriptWrites().map((w) => w.type)).toEqual(['started', 'ended']);
      expect(stub.calls.scriptFacts).toEqual([]);
      expect(stub.events().map((e) => e.type)).toEqual(['conversation.assigned']);
    });
  });

  it('sends nothing after a send in flight when an agent takes over meanwhile', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let sends = 0;
    const { stub, who, sent } = scripted({
      send: async (input) => {
        sends += 1;
        if (sends === 1) await gate; // the first statement is in flight
        return { providerMessageId: `p-${input.outboundId}` };
      },
    });
    await withWorker(stub, async (tq) => {
      const handle = await deliver(tq, newRef(), [who.says('Bonjour', await now())]);
      await eventually(async () => sends, (n) => n === 1, 'the statement in flight');
      const update = await handle.startUpdate(assignUpdate, {
        args: [{ actor: alice, userId: alice.id }],
        waitForStage: WorkflowUpdateStage.ACCEPTED,
      });
      release();
      const state = await update.result();
      expect(state.status).toBe('assigned');
      expect(state.script).toBeUndefined();
      await settled(handle);
      expect(sent()).toEqual(['Bonjour ! (v1)']);
      expect(stub.calls.sendOutbound).toHaveLength(1);
      expect(stub.scriptWrites().map((w) => ({ type: w.type, reason: (w as { reason?: string }).reason }))).toEqual([
        { type: 'started', reason: undefined },
        { type: 'ended', reason: 'agent' },
      ]);
    });
  });

  it('ends with a handover when the closed standard window refuses a send', async () => {
    const { stub, who, sent } = scripted({
      policy: { standardWindowSeconds: 60, humanAgentWindowSeconds: 7 * 86_400 },
      // the question times out after the window closed; its onTimeout path would send a message
      document: oneQuestion({ timeoutSeconds: 120, onTimeout: 'm2' }, [{ id: 'm2', type: 'message', text: 'Toujours là ?', next: 'h1' }]),
      route: () => ({ outcome: 'assigned', userId: 'user-bob', skillSetId: 'skill-any' }),
    });
    await withWorker(stub, async (tq) => {
      const handle = await deliver(tq, newRef(), [who.says('Bonjour', await now())]);
      const waiting = await eventually(() => stateOf(handle), (s) => s?.script?.dueAt !== undefined, 'the question');
      await sleepUntil(Date.parse(waiting!.script!.dueAt!) + SECOND);
      const handed = await eventually(() => stateOf(handle), (s) => s?.status === 'assigned', 'the handover');
      expect(handed!.assignee).toEqual({ userId: 'user-bob' });
      expect(sent()).toEqual(['Votre numéro de commande ?']);
      expect(stub.scriptWrites().at(-1)).toMatchObject({ type: 'ended', stepId: 'm2', reason: 'window', detail: { why: 'window' } });
    });
  });

  it('never starts on a public conversation: routing goes on as usual', async () => {
    const { stub, who } = scripted({ kind: 'public', route: () => ({ outcome: 'assigned', userId: 'user-bob', skillSetId: 'skill-any' }) });
    await withWorker(stub, async (tq) => {
      const handle = await deliver(tq, newRef(), [who.says('Nice post', await now())]);
      await eventually(() => stateOf(handle), (s) => s?.status === 'assigned', 'routing');
      expect(stub.calls.selectScript).toEqual([]);
      expect(stub.calls.recordAutomated).toEqual([]);
    });
  });

  it('resolves at a resolve step, as the script', async () => {
    const document: ScriptDocument = {
      schema: 'switchboard.script/1', name: 'Order help', enabled: true, start: 'r1',
      steps: [{ id: 'r1', type: 'resolve', reasonId: 'reason-faq', text: 'Voici la FAQ. Au revoir !' }],
    };
    const { stub, who, sent } = scripted({ document });
    await withWorker(stub, async (tq) => {
      const handle = await deliver(tq, newRef(), [who.says('Horaires ?', await now())]);
      const done = await eventually(() => stateOf(handle), (s) => s?.status === 'done', 'the resolve');
      expect(done!.doneBy).toBe('resolved');
      expect(sent()).toEqual(['Voici la FAQ. Au revoir !']);
      expect(stub.events()).toEqual([{ type: 'conversation.resolved', actor: SCRIPT_ACTOR, detail: { reasonId: 'reason-faq' } }]);
    });
  });
});

/** Hours that are closed now and open two hours from now, every day (UTC), with an out-of-hours message. */
function closedNow(nowMs: number): BusinessHoursSchedule {
  const hh = (h: number) => String(h % 24).padStart(2, '0');
  const hour = new Date(nowMs).getUTCHours();
  const checked = validateBusinessHours({
    timeZone: 'UTC',
    weekly: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => ({ day, open: `${hh(hour + 2)}:00`, close: `${hh(hour + 4)}:00` })),
    holidays: [],
    outsideHours: { routing: 'immediately', messageText: 'Nous sommes fermés.' },
  });
  if (!checked.schedule) throw new Error(JSON.stringify(checked.errors));
  return checked.schedule;
}

describe('which script starts', () => {
  it('picks the closed-hours script out of hours and the open-hours one once open, at workflow time', async () => {
    const start = await now();
    const schedule = closedNow(start);
    const night: ScriptDocument = { ...oneQuestion(), name: 'Night', hours: 'closed' };
    const day: ScriptDocument = { ...oneQuestion(), name: 'Day', hours: 'open' };
    const list = [
      { id: 'script-day', version: 1, document: day },
      { id: 'script-night', version: 4, document: night },
    ];
    const settings = (): LifecycleSettings => ({ ...NO_SETTINGS, businessHours: schedule });
    // as the activity selects: the published list in order, the channel's hours at `at`
    const selecting = () => {
      const who = customer();
      const stub = stubActivities({
        settings,
        scriptFacts: who.facts,
        selectScript: (input) => {
          const facts: Facts = {
            'channel.id': 'channel-messenger',
            'conversation.kind': 'private',
            'conversation.status': 'unassigned',
            'businessHours.open': hoursStatus(schedule, new Date(input.at)).open,
          };
          const chosen = selectScript(list, selectionFromFacts(facts));
          return chosen ? { script: { id: chosen.id, name: chosen.document.name, version: chosen.version ?? 0, document: chosen.document }, facts } : { facts };
        },
      });
      return { who, stub };
    };
    const atNight = selecting();
    await withWorker(atNight.stub, async (tq) => {
      const closed = await deliver(tq, newRef(), [atNight.who.says('Bonsoir', await now())]);
      const state = await eventually(() => stateOf(closed), (s) => s?.script !== undefined, 'the night script');
      expect(state!.script).toMatchObject({ id: 'script-night', name: 'Night', version: 4 });
      await eventually(async () => atNight.stub.calls.recordAutomated.length, (n) => n === 1, 'its question');
      await settled(closed);
      // the script answers out of hours: the out-of-hours message is not sent besides
      expect(atNight.stub.calls.recordAutomated.map((c) => c.text)).toEqual(['Votre numéro de commande ?']);
      // withWorker ends it: its question's timer would fire during the skip below with no worker left
      // to run it, and the time-skipping server does not skip past a workflow task nobody takes.
    });

    await sleepUntil(hoursStatus(schedule, new Date(start)).nextOpenAt!.getTime() + SECOND);
    const atDay = selecting();
    await withWorker(atDay.stub, async (tq) => {
      const open = await deliver(tq, newRef(), [atDay.who.says('Bonjour', await now())]);
      const state = await eventually(() => stateOf(open), (s) => s?.script !== undefined, 'the day script');
      expect(state!.script).toMatchObject({ id: 'script-day', name: 'Day', version: 1 });
    });
  });
});

describe('reopenings and automations', () => {
  it('starts on a reopened thread, and ends as a handover when an automation assigns the conversation', async () => {
    let scriptPublished = false;
    const vip = new Set<string>();
    const { stub, who, sent } = scripted({
      selectScript: () => (scriptPublished ? published(orderHelp()) : { facts: {} }),
      // an automation that assigns to the VIP team the message that says "VIP"
      evaluate: (input) => ({
        generation: '1',
        hasSkillSets: false,
        fired: input.messageId && vip.has(input.messageId) ? [{ id: 'auto-vip', name: 'VIP', version: 1, lifecycle: [{ type: 'assignTeam', teamId: 'team-vip' }] }] : [],
      }),
    });
    await withWorker(stub, async (tq) => {
      const ref = newRef();
      const handle = await deliver(tq, ref, [who.says('Bonjour', await now())]);
      await known(handle);
      await eventually(async () => stub.calls.selectScript.length, (n) => n === 1, 'the first selection');
      await handle.executeUpdate(replyUpdate, { args: [{ actor: alice, text: 'Voilà.' }] });
      await handle.executeUpdate(resolveUpdate, { args: [{ actor: alice }] });

      scriptPublished = true;
      await deliver(tq, ref, [who.says('Encore moi', await now())]);
      const reopened = await eventually(() => stateOf(handle), (s) => s?.script?.state.stepId === 's2', 'the script on the reopened thread');
      expect(reopened!.status).toBe('unassigned');

      const message = who.says('VIP ici', await now());
      vip.add(message.messageId);
      await deliver(tq, ref, [message]);
      const taken = await eventually(() => stateOf(handle), (s) => s?.status === 'assigned', 'the automation');
      expect(taken!.script).toBeUndefined();
      expect(taken!.assignee).toEqual({ teamId: 'team-vip' });
      expect(stub.scriptWrites().map(({ at: _at, ...w }) => w)).toEqual([{ type: 'started' }, { type: 'ended', stepId: 's2', reason: 'handover' }]);
      // the automation's message was not taken as an answer
      expect(stub.calls.scriptFacts).toEqual([]);
      expect(sent()).toEqual(['Bonjour ! (v1)', 'Votre adresse e-mail ?']);
    });
  });
});

describe('publishing while a script runs', () => {
  it('replays a history recorded with version 1 while version 2 is published, without nondeterminism', async () => {
    let version = 1;
    const { stub, who, sent } = scripted({});
    const select = stub.activities.selectScript;
    stub.activities.selectScript = async (input) => {
      await select(input);
      return published(orderHelp(version), version);
    };
    let history: Parameters<typeof Worker.runReplayHistory>[1] | undefined;
    await withWorker(stub, async (tq) => {
      const ref = newRef();
      const handle = await deliver(tq, ref, [who.says('Bonjour', await now())]);
      await eventually(() => stateOf(handle), (s) => s?.script?.state.stepId === 's2', 'version 1 asks');
      version = 2; // an admin publishes version 2 while the conversation runs version 1
      await deliver(tq, ref, [who.says('jeanne@example.fr', await now())]);
      await eventually(() => stateOf(handle), (s) => s?.script?.state.stepId === 's3', 'version 1 goes on');
      expect(sent()[0]).toBe('Bonjour ! (v1)');
      expect((await stateOf(handle))!.script!.version).toBe(1);
      history = await handle.fetchHistory();
    });
    version = 2;
    await Worker.runReplayHistory({ workflowBundle: bundle() }, history!);
  });

  it('carries a running script across continue-as-new and goes on with the version it started with', async () => {
    const { stub, who, sent } = scripted({
      selectScript: () => published(orderHelp(2), 2),
      existing: { conversationId: 'conv-carried', status: 'unassigned', assignee: {} },
    });
    await withWorker(stub, async (tq) => {
      const ref = newRef();
      const at = new Date(await now()).toISOString();
      const document = orderHelp(1);
      // what a run continued as new carries: the script waiting at its first question
      const handle = await startFromSnapshot(tq, {
        ref,
        kind: 'private',
        state: {
          conversationId: 'conv-carried',
          status: 'unassigned',
          assignee: {},
          repliedSinceOpen: false,
          policy: {},
          lastCustomerMessageAt: at,
          lastActivityAt: at,
          script: { id: 'script-1', name: 'Order help', version: 1, document, state: { status: 'waiting', stepId: 's2', attempts: 0, attributes: {} } },
        },
      });
      await known(handle);
      await deliver(tq, ref, [who.says('jeanne@example.fr', await now())]);
      await eventually(() => stateOf(handle), (s) => s?.script?.state.stepId === 's3', 'the next question');
      expect(sent()).toEqual(['Commande ou livraison ?\n1. Commande\n2. Livraison']);
      expect(stub.calls.selectScript).toEqual([]);
      expect((await stateOf(handle))!.script!.version).toBe(1);
    });
  });
});
