// The conversation workflow's test harness: the time-skipping test server, the workflow bundle,
// and the activities stubbed by an in-memory "database" that records every call.
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import proto from '@temporalio/proto';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundle } from '@temporalio/worker';
import { afterAll, beforeAll, expect } from 'vitest';
import type {
  ConversationActivities,
  EvaluateInput,
  EvaluateResult,
  LifecycleSettings,
  LinkInboundInput,
  LinkInboundResult,
  Presence,
  RecordOutboundInput,
  RecordScriptInput,
  RouteInput,
  ScriptFactsInput,
  SelectScriptResult,
  RouteResult,
  SendAutomatedInput,
  SurveyAnswer,
  TransitionInput,
} from '../../workflows/activities.js';
import type { Facts } from '../../rules/facts.js';
import type { conversationWorkflow } from '../../workflows/conversation.js';
import type { PostContextActivities } from '../../workflows/post-context.js';
import { routedTransition } from '../../workflows/routing-plan.js';
import {
  conversationWorkflowId,
  inboundSignal,
  stateQuery,
  type Assignee,
  type ConversationInput,
  type ConversationKind,
  type ConversationRef,
  type ConversationSnapshot,
  type ConversationStatus,
  type InboundItem,
  type InboundSignal,
  type LinkedFacts,
  type WindowPolicy,
} from '../../workflows/shared.js';
import { createTimeSkippingEnv, workflowsPath } from './temporal.js';
import { SHARED_WORKFLOW_MODULES } from '../../engine/platform/temporal/worker.js';

let env: TestWorkflowEnvironment;
let workflowBundle: WorkflowBundle;

/** Registers the time-skipping server and the workflow bundle for the calling test file. */
export function useTimeSkippingEnv(): { env: () => TestWorkflowEnvironment } {
  beforeAll(async () => {
  env = await createTimeSkippingEnv();
  workflowBundle = await bundleWorkflowCode({
    workflowsPath: workflowsPath(),
    // as the production worker bundles them (engine/platform/temporal/worker.ts)
    preloadModules: SHARED_WORKFLOW_MODULES,
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error: console.error, log() {} },
  });
  });
  afterAll(async () => {
    await env?.teardown();
  });
  return { env: () => env };
}

// ---- stub activities: a tiny in-memory database ----------------------------------------------

export interface StoredConversation {
  conversationId: string;
  status: ConversationStatus;
  assignee: Assignee;
  lastCustomerMessageAt?: string;
  repliedSinceOpen?: boolean;
}

export interface StubOptions {
  /** The conversation already exists in the database (a fresh run of an old thread). */
  existing?: StoredConversation;
  /** The conversation's kind (default private). */
  kind?: ConversationKind;
  policy?: WindowPolicy;
  /** Replaces the channel send. */
  send?: (input: { outboundId: string }) => Promise<{ providerMessageId: string }>;
  /** Replaces the recording of an outbound message (after the call is counted). */
  record?: (input: RecordOutboundInput) => Promise<void>;
  /** Awaited at the start of every linkInbound call. */
  beforeLink?: () => Promise<void>;
  /** The admin's settings (default: nothing on). May be changed by the test between calls. */
  settings?: () => LifecycleSettings;
  /** Presence of a user (default: online since the epoch). */
  presence?: (userId: string) => Presence;
  /** What the published automations do (default: none published). */
  evaluate?: (input: EvaluateInput) => EvaluateResult;
  /** Where routing sends the conversation (default: no skill sets). */
  route?: (input: RouteInput) => RouteResult;
  /** Whether the customer's messages answer the survey (default: no). */
  answer?: (messageIds: string[]) => SurveyAnswer;
  /** Which published script starts (default: none published). */
  selectScript?: (input: ScriptFactsInput) => SelectScriptResult;
  /** The facts a script's branches see (the answer's text as `message.text`); default: none. */
  scriptFacts?: (input: ScriptFactsInput) => Facts;
}

export const NO_SETTINGS: LifecycleSettings = {
  autoResolve: {},
  pendingAfterReply: false,
  unassign: { enabled: false, offlineAfterSeconds: 120 },
};

export function stubActivities(options: StubOptions = {}) {
  const calls = {
    linkInbound: [] as LinkInboundInput[],
    applyTransition: [] as TransitionInput[],
    recordOutbound: [] as RecordOutboundInput[],
    sendOutbound: [] as Array<{ outboundId: string }>,
    lifecycleSettings: [] as Array<{ channelId: string }>,
    presenceOf: [] as Array<{ userId: string }>,
    evaluateAutomations: [] as EvaluateInput[],
    routeConversation: [] as RouteInput[],
    /** The transitions the routing activity wrote with its pick, as the workflow planned them. */
    routed: [] as TransitionInput[],
    recordAutomated: [] as SendAutomatedInput[],
    recordSurvey: [] as Array<{ conversationId: string; surveyId: string; outboundId: string; at: string }>,
    answerSurvey: [] as Array<{ responseId: string; messageIds: string[]; thanksOutboundId: string; at: string }>,
    closeSurvey: [] as Array<{ responseId: string; at: string }>,
    selectScript: [] as ScriptFactsInput[],
    scriptFacts: [] as ScriptFactsInput[],
    recordScript: [] as RecordScriptInput[],
    fetchPostContext: [] as Array<{ conversationId: string }>,
  };
  const settings = () => structuredClone(options.settings?.() ?? NO_SETTINGS);
  const evaluates = !!options.evaluate;
  const routes = !!options.route;
  let stored: StoredConversation | undefined = options.existing && structuredClone(options.existing);
  const policy = options.policy ?? {};

  const activities: ConversationActivities & PostContextActivities = {
    async linkInbound(input) {
      calls.linkInbound.push(structuredClone(input));
      await options.beforeLink?.();
      const created = !stored;
      stored ??= { conversationId: `conv-${randomUUID()}`, status: 'unassigned', assignee: {} };
      for (const item of input.items) {
        if (item.direction !== 'in') continue;
        if (!stored.lastCustomerMessageAt || Date.parse(item.at) > Date.parse(stored.lastCustomerMessageAt)) {
          stored.lastCustomerMessageAt = item.at;
        }
      }
      const result: LinkInboundResult = {
        conversationId: stored.conversationId,
        created,
        kind: options.kind ?? 'private',
        status: stored.status,
        assignee: { ...stored.assignee },
        lastCustomerMessageAt: stored.lastCustomerMessageAt,
        policy,
        rules: { automations: evaluates, skillSets: routes, ...(options.selectScript ? { scripts: true } : {}) },
        ...(input.withSettings ? { settings: settings() } : {}),
      };
      if (stored.repliedSinceOpen !== undefined) result.repliedSinceOpen = stored.repliedSinceOpen;
      return result;
    },
    async applyTransition(input) {
      calls.applyTransition.push(structuredClone(input));
      if (stored) {
        stored.status = input.status;
        stored.assignee = { ...input.assignee };
      }
    },
    async recordOutbound(input) {
      calls.recordOutbound.push(structuredClone(input));
      await options.record?.(input);
    },
    async sendOutbound(input) {
      calls.sendOutbound.push(structuredClone(input));
      if (options.send) return options.send(input);
      return { providerMessageId: `provider-${input.outboundId}` };
    },
    async replyOutbound(input) {
      await activities.recordOutbound(input);
      return activities.sendOutbound({ outboundId: input.outboundId });
    },
    async lifecycleSettings(input) {
      calls.lifecycleSettings.push(structuredClone(input));
      return settings();
    },
    async presenceOf(input) {
      calls.presenceOf.push(structuredClone(input));
      return options.presence?.(input.userId) ?? { status: 'online', since: new Date(0).toISOString() };
    },
    async evaluateAutomations(input) {
      calls.evaluateAutomations.push(structuredClone(input));
      return options.evaluate?.(input) ?? { generation: '0', fired: [], hasSkillSets: routes };
    },
    async routeConversation(input) {
      calls.routeConversation.push(structuredClone(input));
      const result = options.route?.(input) ?? { outcome: 'noMatch' };
      // Like the real activity: the planned transition that applies, written with the pick.
      if (input.plan && (result.outcome === 'assigned' || result.outcome === 'waiting')) {
        const outcome =
          result.outcome === 'assigned'
            ? { assigned: { userId: result.userId, ...(result.teamId ? { teamId: result.teamId } : {}) }, detail: { skillSetId: result.skillSetId } }
            : { waiting: result.teamId ? { teamId: result.teamId } : {}, detail: { skillSetId: result.skillSetId } };
        const written = routedTransition(input.conversationId, input.plan, outcome);
        calls.routed.push(structuredClone(written));
        if (stored) {
          stored.status = written.status;
          stored.assignee = { ...written.assignee };
        }
      }
      return result;
    },
    async recordAutomated(input) {
      calls.recordAutomated.push(structuredClone(input));
      return { recorded: true };
    },
    async recordSurvey(input) {
      calls.recordSurvey.push(structuredClone(input));
      return { responseId: `response-${calls.recordSurvey.length}` };
    },
    async answerSurvey(input) {
      calls.answerSurvey.push(structuredClone(input));
      return options.answer?.(input.messageIds) ?? { answered: false };
    },
    async closeSurvey(input) {
      calls.closeSurvey.push(structuredClone(input));
    },
    async selectScript(input) {
      calls.selectScript.push(structuredClone(input));
      return options.selectScript?.(input) ?? { facts: {} };
    },
    async scriptFacts(input) {
      calls.scriptFacts.push(structuredClone(input));
      return { facts: options.scriptFacts?.(input) ?? {} };
    },
    async recordScript(input) {
      calls.recordScript.push(structuredClone(input));
    },
    // A public thread's first link looks its post up; the stand-in finds none.
    async fetchPostContext(input) {
      calls.fetchPostContext.push(structuredClone(input));
      return false;
    },
  };
  return {
    activities,
    calls,
    /** The audit events written by the workflow, in order (without their instants). */
    events: () => calls.applyTransition.map(({ event: { at: _at, ...event } }) => event),
    /** The transitions written, without their instants and previous assignees. */
    transitions: () =>
      calls.applyTransition.map(({ previous: _previous, event: { at: _at, ...event }, ...rest }) => ({ ...rest, event })),
    /** The audit events with the workflow instant each was written at. */
    timedEvents: () => calls.applyTransition.map((t) => t.event),
    linkedMessageIds: () => calls.linkInbound.flatMap((c) => c.items.map((i) => i.messageId)),
    /** What scripts wrote (answers, attributes, `script.*` events), in order, each with its instant. */
    scriptWrites: () => calls.recordScript.flatMap((c) => c.writes.map((w) => ({ ...w, at: c.at }))),
  };
}

// ---- helpers -----------------------------------------------------------------------------------

export function newRef(): ConversationRef {
  return { channelId: 'channel-messenger', threadKey: `thread-${randomUUID()}` };
}

let messageSeq = 0;
export function customerMessage(at: number | string): InboundItem {
  return { messageId: `m-${++messageSeq}`, direction: 'in', at: typeof at === 'string' ? at : new Date(at).toISOString() };
}
export function echo(at: number): InboundItem {
  return { messageId: `m-${++messageSeq}`, direction: 'out', at: new Date(at).toISOString() };
}

export type ConversationHandle = WorkflowHandle<typeof conversationWorkflow>;

/** What the relay does: signal-with-start on the thread's workflow id. */
/** Workflows started by this file's tests; withWorker ends them, so a stopped test's timers do not
 * keep the time-skipping server from skipping for the next test. */
const started = new Set<string>();

export async function deliver(taskQueue: string, ref: ConversationRef, items: InboundItem[]): Promise<ConversationHandle> {
  await env.client.workflow.signalWithStart<typeof conversationWorkflow, [InboundSignal]>('conversationWorkflow', {
    taskQueue,
    workflowId: conversationWorkflowId(ref),
    args: [{ ref }],
    signal: inboundSignal,
    signalArgs: [{ items }],
  });
  started.add(conversationWorkflowId(ref));
  return env.client.workflow.getHandle<typeof conversationWorkflow>(conversationWorkflowId(ref));
}

/** What the relay does since it links before signalling: the items come with the linked facts. */
export async function deliverLinked(taskQueue: string, ref: ConversationRef, items: InboundItem[], linked: LinkedFacts): Promise<ConversationHandle> {
  await env.client.workflow.signalWithStart<typeof conversationWorkflow, [InboundSignal]>('conversationWorkflow', {
    taskQueue,
    workflowId: conversationWorkflowId(ref),
    args: [{ ref }],
    signal: inboundSignal,
    signalArgs: [{ items, linked }],
  });
  started.add(conversationWorkflowId(ref));
  return env.client.workflow.getHandle<typeof conversationWorkflow>(conversationWorkflowId(ref));
}

/** Every activity call the stub saw, of any kind. */
export function activityCalls(stub: ReturnType<typeof stubActivities>): number {
  return Object.entries(stub.calls).reduce((n, [name, list]) => n + (name === 'routed' ? 0 : list.length), 0);
}

/** Starts a run as continue-as-new would, from a carried snapshot. */
export async function startFromSnapshot(taskQueue: string, input: ConversationInput): Promise<ConversationHandle> {
  started.add(conversationWorkflowId(input.ref));
  return env.client.workflow.start<typeof conversationWorkflow>('conversationWorkflow', {
    taskQueue,
    workflowId: conversationWorkflowId(input.ref),
    args: [input],
  });
}

export async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const stateOf = (handle: ConversationHandle) => handle.query(stateQuery);

/** The current run once it has stopped changing (same run, same history length, still running). */
export async function settled(handle: ConversationHandle) {
  let previous = await handle.describe();
  return eventually(
    async () => {
      await new Promise((r) => setTimeout(r, 200));
      const current = await handle.describe();
      const same =
        current.status.name === 'RUNNING' &&
        current.runId === previous.runId &&
        current.historyLength === previous.historyLength;
      previous = current;
      return { same, current };
    },
    (r) => r.same,
    'the run to settle',
  ).then((r) => r.current);
}

export async function known(handle: ConversationHandle): Promise<ConversationSnapshot> {
  return (await eventually(() => stateOf(handle), (s) => s !== null, 'the first link'))!;
}

/** The failure that refused an update. */
export async function refusal(promise: Promise<unknown>): Promise<ApplicationFailure> {
  const error = await promise.then(
    () => {
      throw new Error('expected the update to be refused');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (error as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return cause as ApplicationFailure;
}

/** Runs `fn` while a worker with the stubbed activities polls a task queue of its own; `before`
 * runs first, with no worker polling yet. */
/**
 * Terminates a test's workflow once no workflow task or activity of it is in flight: the
 * time-skipping server takes a time lock for each and never gives back the lock of one a
 * termination overtakes ("Task not found when completing"), so a later `sleepUntil` of the same
 * file waited in real time (found on a loaded machine). Time does not move meanwhile: nothing new is
 * scheduled between the look and the termination.
 */
const { EventType } = proto.temporal.api.enums.v1;

async function endQuietly(id: string): Promise<void> {
  const handle = env.client.workflow.getHandle(id);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const described = await handle.describe().catch(() => undefined);
    if (!described || described.status.name !== 'RUNNING') return;
    // The test server does not describe a workflow task in flight: the history's last event does.
    const last = (await handle.fetchHistory()).events?.at(-1)?.eventType;
    const taskInFlight = last === EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED || last === EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED;
    const busy = !!described.raw.pendingActivities?.length || taskInFlight;
    if (!busy || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await handle.terminate('test over').catch(() => undefined);
}

export async function withWorker(
  stub: ReturnType<typeof stubActivities>,
  fn: (taskQueue: string) => Promise<void>,
  before?: (taskQueue: string) => Promise<void>,
) {
  const taskQueue = `conversation-test-${randomUUID()}`;
  await before?.(taskQueue);
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle,
    activities: stub.activities,
  });
  // End the test's workflows while the worker still runs, so none is left with an activity in
  // flight: the time-skipping server does not skip time while one is.
  await worker.runUntil(async () => {
    try {
      await fn(taskQueue);
    } finally {
      const ids = [...started];
      started.clear();
      await Promise.all(ids.map((id) => endQuietly(id)));
    }
  });
}

export async function now(): Promise<number> {
  return env.currentTimeMs();
}


/** Skips virtual time to the instant `at` (epoch ms); the workflow's timers due by then fire. */
export async function sleepUntil(at: number): Promise<void> {
  const ms = at - (await now());
  if (ms > 0) await env.sleep(ms);
}

/** The workflow's bundle, for replaying histories. */
export function bundle(): WorkflowBundle {
  return workflowBundle;
}
