// TF-IDF with cosine similarity (a well-kept text-similarity approach): each tagged conversation's
// customer text is a document; a conversation is compared with every tagged one, and a tag scores
// the mean of its best three similarities (one lucky match alone counts less than several good
// ones). The best matching conversation and the words it shares say why.
import type { TagSuggestion } from '../../http/contract.js';
import { excerpt, tokens } from './text.js';

export interface TaggedDocument {
  conversationId: string;
  text: string;
  tagIds: string[];
}

export interface Tag {
  id: string;
  name: string;
}

export type Suggestion = TagSuggestion;

type Vector = Map<string, number>;

export interface Model {
  idf: Map<string, number>;
  documents: { conversationId: string; text: string; tagIds: string[]; vector: Vector }[];
  tags: Map<string, Tag>;
}

/** Sub-linear term frequency times inverse document frequency, normalised to unit length. */
function vectorOf(words: string[], idf: Map<string, number>, unknownIdf: number): Vector {
  const counts = new Map<string, number>();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  const v: Vector = new Map();
  let norm = 0;
  for (const [w, n] of counts) {
    const weight = (1 + Math.log(n)) * (idf.get(w) ?? unknownIdf);
    v.set(w, weight);
    norm += weight * weight;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [w, x] of v) v.set(w, x / norm);
  return v;
}

function cosine(a: Vector, b: Vector): number {
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [w, x] of small) {
    const y = large.get(w);
    if (y !== undefined) dot += x * y;
  }
  return dot;
}

export function buildModel(docs: TaggedDocument[], tags: Tag[]): Model {
  const tokenised = docs.map((d) => ({ ...d, words: tokens(d.text) }));
  const df = new Map<string, number>();
  for (const d of tokenised) for (const w of new Set(d.words)) df.set(w, (df.get(w) ?? 0) + 1);
  const n = tokenised.length;
  // Smoothed idf: a word in every document still weighs a little; one in none (a new word) the most.
  const idf = new Map([...df].map(([w, k]) => [w, Math.log((1 + n) / (1 + k)) + 1]));
  const unknownIdf = Math.log(1 + n) + 1;
  return {
    idf,
    documents: tokenised.map((d) => ({ conversationId: d.conversationId, text: d.text, tagIds: d.tagIds, vector: vectorOf(d.words, idf, unknownIdf) })),
    tags: new Map(tags.map((t) => [t.id, t])),
  };
}

export interface SuggestOptions {
  /** Tags the conversation already has: never suggested. */
  exceptTagIds?: Iterable<string>;
  /** The conversation itself, when it is one of the tagged documents. */
  exceptConversationId?: string;
  minScore?: number;
  max?: number;
}

export function suggest(model: Model, text: string, o: SuggestOptions = {}): Suggestion[] {
  const words = tokens(text);
  if (words.length === 0) return [];
  const query = vectorOf(words, model.idf, Math.log(1 + model.documents.length) + 1);
  const except = new Set(o.exceptTagIds ?? []);
  const perTag = new Map<string, { similarity: number; doc: Model['documents'][number] }[]>();
  for (const doc of model.documents) {
    if (doc.conversationId === o.exceptConversationId) continue;
    const similarity = cosine(query, doc.vector);
    if (similarity <= 0) continue;
    for (const tagId of doc.tagIds) {
      if (except.has(tagId) || !model.tags.has(tagId)) continue;
      const list = perTag.get(tagId) ?? [];
      list.push({ similarity, doc });
      perTag.set(tagId, list);
    }
  }
  const out: Suggestion[] = [];
  for (const [tagId, matches] of perTag) {
    matches.sort((a, b) => b.similarity - a.similarity);
    const top = matches.slice(0, 3);
    const score = top.reduce((sum, m) => sum + m.similarity, 0) / 3;
    if (score < (o.minScore ?? 0.1)) continue;
    const best = top[0];
    const sharedTerms = [...query.keys()]
      .filter((w) => best.doc.vector.has(w))
      .sort((a, b) => query.get(b)! * best.doc.vector.get(b)! - query.get(a)! * best.doc.vector.get(a)!)
      .slice(0, 5);
    out.push({
      tag: model.tags.get(tagId)!,
      score: Math.round(score * 1000) / 1000,
      because: { conversationId: best.doc.conversationId, excerpt: excerpt(best.doc.text), sharedTerms },
    });
  }
  return out.sort((a, b) => b.score - a.score || a.tag.name.localeCompare(b.tag.name)).slice(0, o.max ?? 5);
}
