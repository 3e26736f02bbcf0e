// The rules section of `npm run bench` (alone: `npm run bench -- --only rules`): evaluations per
// second of 10, 100 and 1000 automations, the naive use of json-rules-engine (naive-automations.ts:
// an engine per evaluation) against ours (compileAutomations once per published set, then evaluate).
// Automations and conversations are random but seeded, so runs compare.
import { performance } from 'node:perf_hooks';
import {
  compileAutomations,
  type Action,
  type AutomationDocument,
  type ConditionNode,
  type Facts,
  type Group,
  type PublishedDocument,
  type Trigger,
} from '../../rules/index.js';
import { evaluateNaively } from './naive-automations.js';

/** mulberry32: a small seeded generator. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(list: readonly T[]): T => list[int(0, list.length - 1)];
  const some = <T>(list: readonly T[], min: number, max: number): T[] => {
    const out = new Set<T>();
    const n = int(min, max);
    while (out.size < n) out.add(pick(list));
    return [...out];
  };
  return { next, int, pick, some };
}
type Random = ReturnType<typeof random>;

const WORDS = [
  'remboursement', 'refund', 'commande', 'order', 'livraison', 'delivery', 'colis', 'parcel', 'annuler', 'cancel',
  'facture', 'invoice', 'paiement', 'payment', 'carte', 'card', 'compte', 'account', 'mot', 'password', 'retour',
  'return', 'échange', 'exchange', 'taille', 'size', 'magasin', 'store', 'horaires', 'hours', 'promo', 'code',
  'abonnement', 'subscription', 'résilier', 'urgent', 'merci', 'thanks', 'bonjour', 'hello', 'problème', 'problem',
  'cassé', 'broken', 'retard', 'late', 'adresse', 'address', 'garantie', 'warranty',
];
const CHANNELS = ['messenger', 'whatsapp', 'instagram', 'x', 'sandbox'];
const TAGS = ['refund', 'vip', 'urgent', 'delivery', 'billing', 'spam', 'complaint', 'returns', 'fraud', 'b2b'];
const PLANS = ['free', 'silver', 'gold', 'platinum'];
const LANGUAGES = ['fr', 'en', 'de', 'es', 'it'];
const PATTERNS = ['^bonjour', 'commande\\s+\\d+', 'rembours(e|é)', '\\b(urgent|asap)\\b'];
const TRIGGERS: readonly Trigger[] = ['conversation.created', 'message.received'];

function leaf(r: Random, id: string): ConditionNode {
  switch (r.int(0, 11)) {
    case 0:
    case 1:
    case 2:
      return { id, fact: 'message.text', operator: r.pick(['contains', 'contains', 'notContains'] as const), value: r.pick(WORDS) };
    case 3:
      return { id, fact: 'message.text', operator: r.next() < 0.5 ? 'startsWith' : 'matches', value: r.next() < 0.5 ? r.pick(WORDS) : r.pick(PATTERNS) };
    case 4:
      return { id, fact: 'channel.type', operator: r.pick(['in', 'notIn'] as const), value: r.some(CHANNELS, 1, 3) };
    case 5:
      return { id, fact: 'conversation.ageSeconds', operator: r.pick(['greaterThan', 'lessThan'] as const), value: r.int(0, 86_400) };
    case 6:
      return { id, fact: 'conversation.customerMessageCount', operator: r.pick(['greaterThanOrEqual', 'lessThanOrEqual'] as const), value: r.int(1, 10) };
    case 7:
      return { id, fact: 'conversation.tags', operator: r.pick(['includes', 'excludes'] as const), value: r.pick(TAGS) };
    case 8:
      return r.next() < 0.5
        ? { id, fact: 'contact.attributes.plan', operator: 'equal', value: r.pick(PLANS) }
        : { id, fact: 'contact.attributes.plan', operator: 'in', value: r.some(PLANS, 1, 2) };
    case 9:
      return { id, fact: 'contact.language', operator: r.pick(['equal', 'notEqual'] as const), value: r.pick(LANGUAGES) };
    case 10:
      return { id, fact: 'businessHours.open', operator: 'equal', value: r.next() < 0.5 };
    default:
      return { id, fact: 'conversation.priority', operator: 'in', value: r.some(['low', 'normal', 'high', 'urgent'], 1, 2) };
  }
}

function group(r: Random, next: () => string, depth: number): Group {
  const children = Array.from({ length: r.int(1, depth === 0 ? 3 : 2) }, (): ConditionNode => {
    const roll = r.next();
    if (depth < 2 && roll < 0.25) return group(r, next, depth + 1);
    if (depth < 2 && roll < 0.35) return { id: next(), not: leaf(r, next()) };
    return leaf(r, next());
  });
  // the root is "all" of a word looked for and more: most automations look for words
  if (depth === 0) {
    const word: ConditionNode = r.next() < 0.85
      ? { id: next(), fact: 'message.text', operator: 'contains', value: r.pick(WORDS) }
      : { id: next(), fact: 'message.text', operator: 'matches', value: r.pick(PATTERNS) };
    return { id: next(), all: [word, ...children] };
  }
  return r.next() < 0.5 ? { id: next(), all: children } : { id: next(), any: children };
}

function action(r: Random, id: string): Action {
  switch (r.int(0, 4)) {
    case 0:
    case 1:
      return { id, type: 'addTags', tags: r.some(TAGS, 1, 2) };
    case 2:
      return { id, type: 'setPriority', priority: r.pick(['low', 'normal', 'high', 'urgent'] as const) };
    case 3:
      return { id, type: 'removeTags', tags: [r.pick(TAGS)] };
    default:
      return { id, type: 'assignTeam', teamId: `team-${r.int(1, 5)}` };
  }
}

export function randomAutomations(count: number, seed: number): PublishedDocument<AutomationDocument>[] {
  const r = random(seed);
  return Array.from({ length: count }, (_, i) => {
    let n = 0;
    const next = () => `e${++n}`;
    return {
      id: `automation-${i}`,
      version: 1,
      document: {
        schema: 'switchboard.automation/1',
        name: `Automation ${i}`,
        enabled: r.next() < 0.95,
        triggers: r.next() < 0.8 ? ['message.received'] : ['conversation.created'],
        when: group(r, next, 0),
        then: Array.from({ length: r.int(1, 3) }, () => action(r, next())),
        stop: r.next() < 0.02,
      },
    };
  });
}

export function randomConversations(count: number, seed: number): Facts[] {
  const r = random(seed);
  return Array.from({ length: count }, () => ({
    'message.text': Array.from({ length: r.int(3, 14) }, () => (r.next() < 0.35 ? r.pick(WORDS) : 'le')).join(' '),
    'channel.id': `channel-${r.int(1, 4)}`,
    'channel.type': r.pick(CHANNELS),
    'conversation.kind': r.pick(['private', 'public']),
    'conversation.status': 'unassigned',
    'conversation.ageSeconds': r.int(0, 172_800),
    'conversation.customerMessageCount': r.int(1, 12),
    'conversation.tags': r.some(TAGS, 0, 2),
    'conversation.priority': r.pick(['low', 'normal', 'normal', 'high']),
    'contact.language': r.pick(LANGUAGES),
    'contact.attributes.plan': r.pick(PLANS),
    'contact.groups': [],
    'businessHours.open': r.next() < 0.7,
  }));
}

interface Meter {
  count: number;
  ms: number;
}

/** Runs `evaluate` over `conversations` for about `ms`, adding to `meter`. */
async function measure(meter: Meter, evaluate: (facts: Facts) => Promise<unknown>, conversations: readonly Facts[], ms: number): Promise<void> {
  const start = performance.now();
  let count = 0;
  while (performance.now() - start < ms || count < 2) {
    await evaluate(conversations[(meter.count + count) % conversations.length]);
    count += 1;
  }
  meter.count += count;
  meter.ms += performance.now() - start;
}

const perSecond = (m: Meter) => m.count / (m.ms / 1000);

const pad = (s: string, n: number) => s.padStart(n);
const ROUNDS = 4;

export type RulesFigures = { automations: number; naive: number; ours: number; compileMs: number; firedPerEval: number }[];

export async function runRulesBench(out: (line?: string) => void, options: { ms?: number; sizes?: number[] } = {}): Promise<RulesFigures> {
  const figures: RulesFigures = [];
  const ms = options.ms ?? Number(process.env.BENCH_RULES_MS ?? 3000);
  const sizes = options.sizes ?? [10, 100, 1000];
  const conversations = randomConversations(500, 7);
  out('Rules (automations evaluated per customer message: triggers message.received + conversation.created)');
  out(`  naive: new json-rules-engine Engine per evaluation, every rule added, facts as JSONPath paths into one object`);
  out(`  ours:  compileAutomations once per published set, then evaluate (the prefilter skips what cannot fire)`);
  out(`  ${pad('automations', 11)} ${pad('naive evals/s', 14)} ${pad('ours evals/s', 13)} ${pad('ratio', 8)} ${pad('compile', 10)} ${pad('fired/eval', 11)}`);
  for (const size of sizes) {
    const automations = randomAutomations(size, 1000 + size);
    const c0 = performance.now();
    const compiled = compileAutomations(automations, { version: 'bench' });
    const compileMs = performance.now() - c0;

    // both sides must agree before their speeds mean anything
    let firedTotal = 0;
    for (const facts of conversations.slice(0, 50)) {
      const ours = (await compiled.evaluate(facts, TRIGGERS)).fired.map((f) => f.id).join();
      const naive = (await evaluateNaively(automations, facts, TRIGGERS)).fired.map((f) => f.id).join();
      if (ours !== naive) throw new Error(`rules bench: the two evaluations disagree with ${size} automations: [${ours}] vs [${naive}]`);
      firedTotal += ours ? ours.split(',').length : 0;
    }

    // alternate short rounds, so neither side profits from the other's garbage or warm-up
    const naive: Meter = { count: 0, ms: 0 };
    const ours: Meter = { count: 0, ms: 0 };
    for (let round = 0; round < ROUNDS; round += 1) {
      await measure(naive, (facts) => evaluateNaively(automations, facts, TRIGGERS), conversations, ms / ROUNDS);
      await measure(ours, (facts) => compiled.evaluate(facts, TRIGGERS), conversations, ms / ROUNDS);
    }
    out(
      `  ${pad(String(size), 11)} ${pad(perSecond(naive).toFixed(0), 14)} ${pad(perSecond(ours).toFixed(0), 13)} ${pad(`×${(perSecond(ours) / perSecond(naive)).toFixed(1)}`, 8)} ${pad(`${compileMs.toFixed(1)} ms`, 10)} ${pad((firedTotal / 50).toFixed(1), 11)}`,
    );
    figures.push({ automations: size, naive: perSecond(naive), ours: perSecond(ours), compileMs, firedPerEval: firedTotal / 50 });
  }
  return figures;
}
