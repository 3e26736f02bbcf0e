import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiStack, type ApiStack } from '../support/api-stack.js';

/** The documented example (documents.md "Scripts"). */
const orderHelp = (name = 'Order help', extra: Record<string, unknown> = {}) => ({
  schema: 'switchboard.script/1',
  name,
  enabled: true,
  channels: [],
  hours: 'any',
  when: { id: 'g1', all: [] },
  start: 's1',
  steps: [
    { id: 's1', type: 'message', text: 'Bonjour ! Je vais vous poser deux questions.', next: 's2' },
    { id: 's2', type: 'question', text: 'Votre adresse e-mail ?', answer: 'email', attribute: 'email', retryText: "Ce n'est pas une adresse e-mail valide.", maxAttempts: 2, timeoutSeconds: 900, next: 's3', onInvalid: 's9', onTimeout: 's9' },
    { id: 's3', type: 'question', text: 'Commande ou livraison ?', answer: 'choice', choices: [{ id: 'k1', label: 'Commande', value: 'order' }, { id: 'k2', label: 'Livraison', value: 'delivery' }], attribute: 'reason', next: 's4' },
    { id: 's4', type: 'branch', branches: [{ id: 'b1', when: { id: 'g2', all: [{ id: 'c1', fact: 'contact.attributes.reason', operator: 'equal', value: 'order' }] }, next: 's5' }], otherwise: 's9' },
    { id: 's5', type: 'setAttribute', key: 'segment', value: 'orders', next: 's9' },
    { id: 's9', type: 'handover', text: 'Un conseiller vous répond.' },
  ],
  ...extra,
});

/** Broken in four places: a dangling next (s1), a choice question without choices (s3), an orphan step (s7), a bad condition (c1). */
const broken = () => {
  const doc = orderHelp('Broken');
  const steps = doc.steps as Record<string, unknown>[];
  steps[0] = { ...steps[0], next: 'nowhere' };
  steps[2] = { ...steps[2], choices: [] };
  steps[3] = { ...steps[3], branches: [{ id: 'b1', when: { id: 'g2', all: [{ id: 'c1', fact: 'contact.attributes.reason', operator: 'greaterThan', value: 'x' }] }, next: 's5' }] };
  steps.push({ id: 's7', type: 'resolve' });
  return doc;
};

describe('scripts API', () => {
  let stack: ApiStack;
  const as = (method: string, url: string, payload?: unknown) => stack.request(method, url, { token: stack.adminToken, payload });

  beforeAll(async () => {
    stack = await startApiStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('refuses an invalid script with 400, naming every invalid element', async () => {
    const created = await as('POST', '/api/scripts', { document: broken() });
    expect(created.status).toBe(400);
    const ids = created.body.errors.map((e: { elementId?: string }) => e.elementId);
    expect(ids).toEqual(expect.arrayContaining(['s1', 's3', 's7', 'c1']));
    // s1 names no step, so s2 onward cannot be reached: they are listed too, and the message names them
    expect(ids).toEqual(expect.arrayContaining(['s2', 's4', 's9']));
    expect(created.body.message).toContain('s1: "next" names no step: "nowhere"');

    const validated = await as('POST', '/api/scripts/validate', { document: broken() });
    expect(validated.status).toBe(200);
    expect(validated.body.valid).toBe(false);
    expect(validated.body.errors.map((e: { elementId?: string }) => e.elementId)).toEqual(ids);

    expect((await as('POST', '/api/scripts/validate', { document: orderHelp() })).body).toEqual({ valid: true, errors: [] });
  });

  it('stores an invalid draft but refuses to publish it, the published version unchanged', async () => {
    const created = await as('POST', '/api/scripts', { document: orderHelp('Publishable') });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await as('POST', `/api/scripts/${id}/publish`)).body).toMatchObject({ version: 1 });

    const saved = await as('PUT', `/api/scripts/${id}/draft`, { document: broken() });
    expect(saved.status).toBe(200);
    expect(saved.body.valid).toBe(false);
    const refused = await as('POST', `/api/scripts/${id}/publish`);
    expect(refused.status).toBe(400);
    expect(refused.body.errors.map((e: { elementId?: string }) => e.elementId)).toEqual(expect.arrayContaining(['s1', 's3', 's7', 'c1']));
    const detail = await as('GET', `/api/scripts/${id}`);
    expect(detail.body.published).toMatchObject({ version: 1, document: { name: 'Publishable' } });
  });

  it('orders the scripts list', async () => {
    const first = (await as('POST', '/api/scripts', { document: orderHelp('First') })).body.id as string;
    const second = (await as('POST', '/api/scripts', { document: orderHelp('Second') })).body.id as string;
    const ids = ((await as('GET', '/api/scripts')).body as { id: string }[]).map((d) => d.id);
    const reversed = [...ids].reverse();
    const ordered = await as('POST', '/api/scripts/order', { ids: reversed });
    expect(ordered.status).toBe(200);
    expect(ordered.body.map((d: { id: string }) => d.id)).toEqual(reversed);
    expect(reversed.indexOf(second)).toBeLessThan(reversed.indexOf(first));
    expect((await as('POST', '/api/scripts/order', { ids: reversed.slice(1) })).status).toBe(400);
  });

  it('runs a script against answers: the transcript and the attributes it would set', async () => {
    const res = await as('POST', '/api/scripts/test', {
      document: orderHelp(),
      sample: { contact: { language: 'fr' } },
      answers: ['pas une adresse', 'jeanne@example.fr', '1'],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      transcript: [
        { stepId: 's1', sent: 'Bonjour ! Je vais vous poser deux questions.' },
        { stepId: 's2', sent: 'Votre adresse e-mail ?' },
        { stepId: 's2', answer: 'pas une adresse', valid: false },
        { stepId: 's2', sent: "Ce n'est pas une adresse e-mail valide." },
        { stepId: 's2', answer: 'jeanne@example.fr', valid: true },
        { stepId: 's3', sent: 'Commande ou livraison ?\n1. Commande\n2. Livraison' },
        { stepId: 's3', answer: '1', valid: true },
        { stepId: 's9', sent: 'Un conseiller vous répond.' },
      ],
      attributes: { email: 'jeanne@example.fr', reason: 'order', segment: 'orders' },
      ended: { stepId: 's9', reason: 'handover', handover: true },
    });

    const waiting = await as('POST', '/api/scripts/test', { document: orderHelp(), answers: ['jeanne@example.fr'] });
    expect(waiting.body).toMatchObject({ ended: null, waitingAt: 's3', attributes: { email: 'jeanne@example.fr' } });

    const invalid = await as('POST', '/api/scripts/test', { document: broken(), answers: [] });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((e: { elementId?: string }) => e.elementId)).toEqual(expect.arrayContaining(['s1', 's3', 's7', 'c1']));
  });
});
