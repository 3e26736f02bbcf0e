// Tag suggestions (product.md "Tags"): once a tag has been applied at least 10 times, a
// conversation whose customer text resembles the tagged ones gets it suggested, with the reason.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from '../support/api-stack.js';
import { sandboxHeaders } from '../support/signing.js';

const SECRET = 'sandbox-secret-for-suggestions';

const REFUND = [
  'Je veux un remboursement pour ma commande annulée',
  'I want a refund, the product arrived broken',
  'Remboursement demandé : article défectueux',
  'Please refund my order, it never worked',
  'Quand vais-je recevoir mon remboursement ?',
  'Refund request for a damaged item',
  'Le remboursement n’est toujours pas arrivé sur ma carte',
  'I returned the item, where is my refund?',
  'Demande de remboursement, produit cassé',
  'Can I get a refund for the broken blender',
  'Remboursement de la commande 4411 svp',
  'refund refund refund, broken again',
];
const DELIVERY = [
  'Ma livraison est retardée depuis une semaine',
  'Where is my parcel? The delivery is late',
  'Le colis n’est jamais arrivé, livraison perdue',
  'Delivery tracking shows no movement for my parcel',
  'Livraison retardée, le transporteur ne répond pas',
  'My parcel was delivered to the wrong address',
  'Colis en retard, livraison prévue hier',
  'The courier lost my parcel during delivery',
  'Suivi de livraison bloqué, colis introuvable',
  'Late delivery again, parcel still missing',
];
const BILLING = [
  'Facture incorrecte, montant facturé deux fois',
  'I was charged twice on my invoice',
  'Erreur sur la facture du mois dernier',
  'Invoice shows the wrong amount charged',
  'Double prélèvement sur ma facture',
];

describe('tag suggestions', () => {
  let stack: ApiStack;
  let channelId: string;
  let agent: { token: string; id: string };
  let n = 0;
  const tagged = new Map<string, string[]>();

  beforeAll(async () => {
    stack = await startApiStack();
    const db = stack.services.db;
    channelId = (await stack.request('POST', '/api/channels', {
      token: stack.adminToken, payload: { type: 'sandbox', name: 'Suggestions chat', config: { secret: SECRET } },
    })).body.id;
    agent = await stack.userToken('agent');
    // The history the suggestions learn from, written directly: conversations, their customer messages, their tags.
    for (const [tagName, texts] of [['refund', REFUND], ['delivery', DELIVERY], ['billing', BILLING]] as const) {
      const tag = (await stack.request('POST', '/api/tags', { token: stack.adminToken, payload: { name: tagName } })).body;
      const ids: string[] = [];
      for (const text of texts) {
        const key = `history-${++n}`;
        const [contact] = await db('contacts').insert({ channel_id: channelId, provider_id: key, name: key }).returning('id');
        const [convo] = await db('conversations').insert({
          channel_id: channelId, thread_key: key, workflow_id: `wf-${key}`, kind: 'private', status: 'done', contact_id: contact.id, last_message_at: db.fn.now(),
        }).returning('id');
        await db('messages').insert({
          channel_id: channelId, conversation_id: convo.id, thread_key: key, kind: 'private', direction: 'in', provider_message_id: key,
          author: { type: 'customer', id: key }, contact_provider_id: key, text, at: db.fn.now(),
        });
        await db('conversation_tags').insert({ conversation_id: convo.id, tag_id: tag.id });
        ids.push(convo.id);
      }
      tagged.set(tagName, ids);
    }
  });
  afterAll(async () => {
    await stack?.stop();
  });

  async function conversationFrom(text: string) {
    const from = `customer-${++n}`;
    const body = JSON.stringify({ id: `sugg-${n}`, from: { id: from, name: from }, text, kind: 'private' });
    expect((await stack.request('POST', `/webhooks/${channelId}`, { payload: body, headers: sandboxHeaders(SECRET, body) })).status).toBe(200);
    return stack.eventually(async () => {
      const list = await stack.request('GET', `/api/conversations?channelId=${channelId}&limit=100`, { token: agent.token });
      return (list.body.items as any[]).find((c) => c.contact.name === from);
    });
  }
  const suggestionsFor = (id: string) => stack.request('GET', `/api/conversations/${id}/tag-suggestions`, { token: agent.token });

  it('suggests the tag whose conversations read alike, saying which conversation and which words', async () => {
    const convo = await conversationFrom('Bonjour, ma LIVRAISON est retardee et le colis a disparu');
    const res = await suggestionsFor(convo.id);
    expect(res.status).toBe(200);
    expect(res.body[0].tag.name).toBe('delivery');
    expect(res.body[0].score).toBeGreaterThan(0);
    expect(res.body[0].score).toBeLessThanOrEqual(1);
    expect(tagged.get('delivery')).toContain(res.body[0].because.conversationId);
    // Accents and case folded: "retardée" in the history, "retardee" here.
    expect(res.body[0].because.sharedTerms).toEqual(expect.arrayContaining(['livraison', 'retardee']));
    expect(res.body[0].because.excerpt.length).toBeGreaterThan(0);
    expect(res.body.map((s: any) => s.tag.name)).not.toContain('refund');

    const english = await conversationFrom('I would like a refund, the kettle arrived broken');
    const refund = await suggestionsFor(english.id);
    expect(refund.body[0].tag.name).toBe('refund');
    expect(refund.body[0].because.sharedTerms).toEqual(expect.arrayContaining(['refund', 'broken']));

    // Accepting is adding the tag; a tag the conversation has is not suggested again.
    const accepted = await stack.request('POST', `/api/conversations/${english.id}/tags`, { token: agent.token, payload: { add: ['refund'] } });
    expect(accepted.status).toBe(200);
    expect((await suggestionsFor(english.id)).body.map((s: any) => s.tag.name)).not.toContain('refund');
  });

  it('suggests a tag only once it has been applied at least 10 times', async () => {
    const convo = await conversationFrom('Ma facture est incorrecte, montant facturé deux fois');
    expect((await suggestionsFor(convo.id)).body.map((s: any) => s.tag.name)).not.toContain('billing');

    // Five more billing conversations tagged through the API: ten in all.
    for (const text of ['Facture en double', 'Wrong invoice amount', 'Facture erronée ce mois', 'Charged twice again', 'Montant de facture incorrect']) {
      const other = await conversationFrom(text);
      expect((await stack.request('POST', `/api/conversations/${other.id}/tags`, { token: agent.token, payload: { add: ['billing'] } })).status).toBe(200);
    }
    const now = await suggestionsFor(convo.id);
    expect(now.body[0].tag.name).toBe('billing');
    expect(now.body[0].because.sharedTerms).toEqual(expect.arrayContaining(['facture']));
  });

  it('suggests nothing for unrelated text, and answers 404 for an unknown conversation', async () => {
    const convo = await conversationFrom('Quelle est la couleur du ciel aujourd’hui');
    expect((await suggestionsFor(convo.id)).body).toEqual([]);
    expect((await suggestionsFor('00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});
