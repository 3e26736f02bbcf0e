/**
 * The published rules, compiled: the automations, skill sets and contact groups currently published,
 * in list order. documents.md: every message received after a publish (rollback, order, delete)
 * is evaluated with the new version and none with a mix — so there is no time-based cache: each
 * call reads the generation (one primary-key read, migration 006) and compiles again only when it
 * moved. The generation and the documents are read in one snapshot, so a compiled set is exactly
 * the generation it claims.
 */
import {
  compileAutomations,
  compileContactGroups,
  compileSkillSets,
  evaluableOnReceipt,
  type AutomationDocument,
  type AutomationEvaluator,
  type ContactGroupDocument,
  type ContactGroupMatcher,
  type PublishedDocument,
  type ScriptDocument,
  type SkillSetDocument,
  type SkillSetRouter,
} from '../../../rules/index.js';
import type { Db } from '../../platform/database.js';
import { orgId } from '../../platform/org.js';
import { KINDS, type KindSpec } from './documents/kinds.js';
import { listPublished } from './documents/repository.js';

export interface PublishedSets {
  readonly automations: readonly PublishedDocument<AutomationDocument>[];
  readonly skillSets: readonly PublishedDocument<SkillSetDocument>[];
  readonly contactGroups: readonly PublishedDocument<ContactGroupDocument>[];
  /** Autoresponder scripts: not compiled (the workflow's step machine runs their documents). */
  readonly scripts: readonly PublishedDocument<ScriptDocument>[];
}

export interface PublishedRules {
  /** Changes on every publish, rollback, order change, delete and enable/disable. */
  readonly generation: string;
  readonly automations: AutomationEvaluator;
  readonly skillSets: SkillSetRouter;
  readonly contactGroups: ContactGroupMatcher;
  /** Enabled published documents of each kind (what was compiled). */
  readonly counts: { readonly automations: number; readonly skillSets: number; readonly contactGroups: number; readonly scripts: number };
  /** No enabled published automation, skill set or contact group: nothing to evaluate. */
  readonly empty: boolean;
  /** The relay may evaluate the automations as it links a message (rules/receipt.ts). */
  readonly evaluableOnReceipt: boolean;
  /** The published documents compiled, in list order (disabled ones included). */
  readonly documents: PublishedSets;
}

const spec = (kind: KindSpec['kind']) => KINDS.find((k) => k.kind === kind)!;

/** The published rules generation now: one read. */
export async function currentGeneration(db: Db): Promise<string> {
  const row = await db('rule_generations').where({ org_id: await orgId(db) }).first('generation');
  // no row yet (an organisation created after migration 006, nothing published since): the start
  return String(row?.generation ?? 1);
}

/** Compiles published documents as one consistent set (also used by dry runs, with one document replaced). */
export function compilePublished(generation: string, documents: PublishedSets): PublishedRules {
  const set = { version: generation, generation };
  const enabled = (list: readonly { document: { enabled: boolean } }[]) => list.filter((e) => e.document.enabled).length;
  const counts = {
    automations: enabled(documents.automations),
    skillSets: enabled(documents.skillSets),
    contactGroups: enabled(documents.contactGroups),
    scripts: enabled(documents.scripts),
  };
  return {
    generation,
    automations: compileAutomations(documents.automations, set),
    skillSets: compileSkillSets(documents.skillSets, set),
    contactGroups: compileContactGroups(documents.contactGroups, set),
    counts,
    empty: counts.automations + counts.skillSets + counts.contactGroups === 0,
    evaluableOnReceipt: evaluableOnReceipt(
      documents.automations.map((a) => a.document),
      documents.scripts.map((s) => s.document),
    ),
    documents,
  };
}

/** Reads the generation and every published document in one repeatable-read snapshot. */
async function readPublished(db: Db): Promise<{ generation: string; documents: PublishedSets }> {
  await orgId(db); // cached outside the snapshot's transaction
  return db.transaction(
    async (trx) => {
      const generation = await currentGeneration(trx as unknown as Db);
      const load = async <D>(kind: KindSpec['kind']) =>
        (await listPublished(trx as unknown as Db, spec(kind))).map((r) => ({ id: r.id, version: r.version, document: r.document as unknown as D }));
      return {
        generation,
        documents: {
          automations: await load<AutomationDocument>('automation'),
          skillSets: await load<SkillSetDocument>('skillset'),
          contactGroups: await load<ContactGroupDocument>('contactgroup'),
          scripts: await load<ScriptDocument>('script'),
        },
      };
    },
    { isolationLevel: 'repeatable read', readOnly: true },
  );
}

interface CacheEntry {
  generation: string;
  rules: Promise<PublishedRules>;
}
const caches = new WeakMap<Db, CacheEntry>();

/** Builds counted, for tests: a cached set must be reused while the generation stays. */
export const publishedRulesStats = { builds: 0 };

/**
 * The compiled published rules of the current generation. Built once per generation (concurrent
 * callers share the build); otherwise one generation read per call.
 */
export async function publishedRules(db: Db): Promise<PublishedRules> {
  const generation = await currentGeneration(db);
  const cached = caches.get(db);
  if (cached && (cached.generation === generation || Number(cached.generation) > Number(generation))) {
    // a newer set than the generation read (a publish committed in between) is as good
    return cached.rules;
  }
  const entry: CacheEntry = { generation, rules: build(db) };
  caches.set(db, entry);
  entry.rules.then(
    // a publish may have committed between the read above and the snapshot: file it under what it is
    (rules) => {
      if (caches.get(db) === entry) entry.generation = rules.generation;
    },
    () => {
      if (caches.get(db) === entry) caches.delete(db);
    },
  );
  return entry.rules;
}

async function build(db: Db): Promise<PublishedRules> {
  publishedRulesStats.builds += 1;
  const { generation, documents } = await readPublished(db);
  return compilePublished(generation, documents);
}
