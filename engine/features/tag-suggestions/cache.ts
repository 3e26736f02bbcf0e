// One model per organisation, rebuilt when tags were applied or taken off since (whichever process
// did it: the key is read from the database) and at least every ten minutes (new customer messages
// of tagged conversations).
import type { Db } from '../../platform/database.js';
import { buildModel, type Model } from './tfidf.js';
import { taggedDocuments, tagsVersion } from './repository.js';

const MAX_AGE_MS = 10 * 60_000;

interface Entry {
  version: string;
  builtAt: number;
  model: Promise<Model>;
}

const models = new WeakMap<Db, Map<string, Entry>>();

export async function modelFor(db: Db, orgId: string): Promise<Model> {
  const version = await tagsVersion(db);
  let perOrg = models.get(db);
  if (!perOrg) models.set(db, (perOrg = new Map()));
  const hit = perOrg.get(orgId);
  if (hit && hit.version === version && Date.now() - hit.builtAt < MAX_AGE_MS) return hit.model;
  const model = taggedDocuments(db, orgId).then(({ docs, tags }) => buildModel(docs, tags));
  perOrg.set(orgId, { version, builtAt: Date.now(), model });
  model.catch(() => perOrg!.delete(orgId));
  return model;
}
