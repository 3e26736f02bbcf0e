import { describe, expect, it } from 'vitest';
import { buildModel, suggest } from '../../../engine/features/tag-suggestions/tfidf.js';
import { tokens } from '../../../engine/features/tag-suggestions/text.js';

describe('tag suggestion text', () => {
  it('folds accents and case, and drops stop words, numbers and one-letter words', () => {
    expect(tokens('Bonjour, je voudrais être REMBOURSÉ de la commande n° 12345 !')).toEqual(['voudrais', 'rembourse', 'commande']);
    expect(tokens("Hello, I'd like a refund for my order please")).toEqual(['like', 'refund', 'order']);
  });

  it('scores a tag by its best matches and says which conversation and words', () => {
    const model = buildModel(
      [
        { conversationId: 'c1', text: 'parcel lost in delivery', tagIds: ['t-delivery'] },
        { conversationId: 'c2', text: 'delivery late, parcel still not here', tagIds: ['t-delivery'] },
        { conversationId: 'c3', text: 'refund my payment', tagIds: ['t-refund'] },
      ],
      [{ id: 't-delivery', name: 'delivery' }, { id: 't-refund', name: 'refund' }],
    );
    const [first, ...rest] = suggest(model, 'My parcel is late', { minScore: 0 });
    expect(first.tag.name).toBe('delivery');
    expect(first.because.conversationId).toBe('c2');
    expect(first.because.sharedTerms.sort()).toEqual(['late', 'parcel']);
    expect(rest.map((s) => s.tag.name)).not.toContain('refund'); // nothing in common: no score at all
    expect(suggest(model, 'My parcel is late', { exceptTagIds: ['t-delivery'], minScore: 0 })).toEqual([]);
    expect(suggest(model, 'the of and', { minScore: 0 })).toEqual([]);
  });
});
