/**
 * Automations: compiled once per published set, evaluated once per customer message or agent
 * action. All enabled automations of the set are rules of one json-rules-engine engine, with
 * decreasing priorities, so the engine evaluates them one after another in list order. When one
 * fires, its actions are applied to the run's facts before the next is evaluated (the almanac is
 * updated in the success handler), `stop` stops the engine, and each rule runs at most once.
 * A rule's first condition (higher condition priority, so tested before `when`) checks that one
 * of its triggers is present; untriggered automations are skipped without evaluating `when`.
 *
 * Before the engine runs, the prefilter (prefilter.ts) leaves out the automations that cannot fire
 * (no trigger present, a required word missing, another channel type…): they are `ruledOut`, with
 * no trace. `{ explain: true }` runs every automation, for the tools that show each one's trace.
 */
import { Engine, Operator, Rule, type Almanac, type RuleProperties, type RuleResult } from 'json-rules-engine';
import { applyActions, changedFacts } from './actions.js';
import { runtimeFacts, toEngineCondition, traceOfRule, type Trace } from './conditions.js';
import { SCHEMAS, type Action, type AutomationDocument, type PublishedDocument, type Trigger } from './document.js';
import { EnginePool } from './engine-pool.js';
import type { Facts } from './facts.js';
import { logicFingerprint, fnv1a64 } from './hash.js';
import { createEngineOperators } from './operators.js';
import { buildPrefilter } from './prefilter.js';
import { assertDocument } from './validate.js';

/** Identifies the published set an evaluator was compiled from; echoed in every result. */
export interface SetVersion {
  readonly version: number | string;
  readonly [key: string]: unknown;
}

/** `ruledOut`: triggered, but a condition it requires fails (decided before the engine ran, no trace). */
export type AutomationStatus = 'fired' | 'notMatched' | 'notTriggered' | 'ruledOut' | 'skippedAfterStop';

export interface EvaluateOptions {
  /** Evaluate every automation in the engine, for a trace of each (no prefilter). */
  readonly explain?: boolean;
}

export interface AutomationOutcome {
  readonly id: string;
  readonly name: string;
  readonly version?: number;
  readonly status: AutomationStatus;
  /** The actions it produced (empty unless fired). */
  readonly actions: readonly Action[];
  /** Conditions and groups of its `when`, as evaluated (empty when not triggered or skipped). */
  readonly trace: Trace;
}

export interface FiredAutomation {
  readonly id: string;
  readonly name: string;
  readonly version?: number;
  readonly actions: readonly Action[];
}

export interface AutomationEvaluation {
  readonly set: SetVersion;
  /** Fired automations, in the order they fired (list order). */
  readonly fired: readonly FiredAutomation[];
  /** Every automation of the set, in list order. */
  readonly automations: readonly AutomationOutcome[];
  /** The automation whose `stop` ended the evaluation, if any. */
  readonly stoppedBy?: string;
  /** The facts as the last automation left them. */
  readonly facts: Facts;
}

export interface AutomationEvaluator {
  readonly set: SetVersion;
  /** Fingerprint of the compiled logic (layouts excluded). */
  readonly fingerprint: string;
  /** Engines built so far (1 unless evaluations overlapped). */
  readonly engines: number;
  evaluate(facts: Facts, triggers: Trigger | readonly Trigger[], options?: EvaluateOptions): Promise<AutomationEvaluation>;
  /** Whether any automation could fire on these facts with one of these triggers, as the
   * prefilter knows before the engine runs (false: an evaluation would fire nothing). */
  couldFire(facts: Facts, triggers: readonly Trigger[]): boolean;
  /** Whether any automation of the set has one of these triggers (false: no evaluation with them
   * can fire anything, whatever the facts, so they need not be read). */
  listensTo(triggers: readonly Trigger[]): boolean;
}

const TRIGGERS_FACT = '$triggers';
const TRIGGERED_BY = 'triggeredBy';

interface Compiled {
  readonly entry: PublishedDocument<AutomationDocument>;
  readonly document: AutomationDocument;
}

/** The per-run state, held by the slot while its engine runs (a slot runs one evaluation at a time). */
interface RunContext {
  facts: Facts;
  readonly fired: number[];
  stoppedBy?: number;
}

interface Slot {
  readonly engine: Engine;
  /** The compiled rules, built once per slot; a run adds the ones it evaluates and removes them after. */
  readonly rules: readonly Rule[];
  run?: RunContext;
}

export function compileAutomations(
  entries: readonly PublishedDocument<AutomationDocument>[],
  set: SetVersion,
): AutomationEvaluator {
  const compiled: Compiled[] = entries
    .map((entry) => ({ entry, document: assertDocument<AutomationDocument>(entry.id, entry.document, SCHEMAS.automation) }))
    .filter((c) => c.document.enabled);

  const rules: RuleProperties[] = compiled.map((c, index) => ({
    name: String(index),
    priority: compiled.length - index, // higher runs sooner: list order
    conditions: {
      all: [
        { id: '$trigger', fact: TRIGGERS_FACT, operator: TRIGGERED_BY, value: [...c.document.triggers], priority: 2 },
        toEngineCondition(c.document.when),
      ],
    } as RuleProperties['conditions'],
    event: { type: 'automation', params: { index } },
  }));

  const buildSlot = (): Slot => {
    const engine = new Engine([], { allowUndefinedFacts: true });
    for (const operator of createEngineOperators()) engine.addOperator(operator);
    engine.addOperator(
      new Operator(TRIGGERED_BY, (present: unknown, wanted: unknown) =>
        Array.isArray(present) && Array.isArray(wanted) && wanted.some((t) => present.includes(t)),
      ),
    );
    const slot: Slot = { engine, rules: rules.map((properties) => new Rule(properties)) };
    engine.on('success', (event, almanac: Almanac) => {
      const run = slot.run;
      if (!run) return;
      const index = event.params?.index as number;
      const { document } = compiled[index];
      run.fired.push(index);
      const after = applyActions(run.facts, document.then);
      for (const [key, value] of changedFacts(run.facts, after)) almanac.addFact(key, value);
      run.facts = after;
      if (document.stop) {
        run.stoppedBy = index;
        engine.stop();
      }
    });
    return slot;
  };
  const pool = new EnginePool(buildSlot);
  const prefilter = buildPrefilter(compiled.map((c) => c.document));
  const everyIndex = compiled.map((_, index) => index);
  const heard = new Set(compiled.flatMap((c) => c.document.triggers));

  const evaluate = (facts: Facts, triggers: Trigger | readonly Trigger[], options: EvaluateOptions = {}) =>
    pool.use(async (slot): Promise<AutomationEvaluation> => {
      const present = typeof triggers === 'string' ? [triggers] : [...triggers];
      const candidates = options.explain ? everyIndex : prefilter.candidates(facts, present);
      const run: RunContext = { facts, fired: [] };
      let results: RuleResult[] = [];
      if (candidates.length > 0) {
        slot.run = run;
        for (const index of candidates) slot.engine.addRule(slot.rules[index]);
        try {
          const outcome = await slot.engine.run({ ...runtimeFacts(facts), [TRIGGERS_FACT]: present });
          results = [...outcome.results, ...outcome.failureResults];
        } finally {
          slot.run = undefined;
          for (const index of candidates) slot.engine.removeRule(slot.rules[index]);
        }
      }
      const byIndex = new Map(results.map((r) => [Number(r.name), r]));
      const evaluated = new Set(candidates);
      const automations = compiled.map(({ entry, document }, index): AutomationOutcome => {
        const base = { id: entry.id, name: document.name, ...(entry.version === undefined ? {} : { version: entry.version }) };
        const result = byIndex.get(index);
        if (!result && run.stoppedBy !== undefined && index > run.stoppedBy) return { ...base, status: 'skippedAfterStop', actions: [], trace: {} };
        if (!result && !evaluated.has(index)) {
          const triggered = document.triggers.some((t) => present.includes(t));
          return { ...base, status: triggered ? 'ruledOut' : 'notTriggered', actions: [], trace: {} };
        }
        if (!result) return { ...base, status: 'skippedAfterStop', actions: [], trace: {} };
        const trace = traceOfRule(result);
        const triggered = trace.$trigger?.result === true;
        delete trace.$trigger;
        if (!triggered) return { ...base, status: 'notTriggered', actions: [], trace: {} };
        return result.result
          ? { ...base, status: 'fired', actions: document.then, trace }
          : { ...base, status: 'notMatched', actions: [], trace };
      });
      const fired = run.fired.map((index) => {
        const { id, name, version, actions } = automations[index];
        return { id, name, ...(version === undefined ? {} : { version }), actions };
      });
      return {
        set,
        fired,
        automations,
        ...(run.stoppedBy === undefined ? {} : { stoppedBy: compiled[run.stoppedBy].entry.id }),
        facts: run.facts,
      };
    });

  return {
    set,
    fingerprint: fnv1a64(compiled.map((c) => `${c.entry.id}:${logicFingerprint(c.document as never)}`).join('|')),
    get engines() {
      return pool.size;
    },
    evaluate,
    couldFire: (facts, triggers) => prefilter.candidates(facts, triggers).length > 0,
    listensTo: (triggers) => triggers.some((t) => heard.has(t)),
  };
}
