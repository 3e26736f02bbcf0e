import { describe, expect, it } from 'vitest';
import { simulateScript, validateDocument, type ScriptDocument } from '../../../../rules/index.js';
import { orderHelp } from './example.js';

const script = validateDocument(orderHelp()).document as ScriptDocument;

describe('simulateScript', () => {
  it('answers the whole transcript and the attributes it would set', () => {
    const result = simulateScript(script, { answers: ['pas une adresse', 'jeanne@example.fr', 'COMMANDE', 'ignored'] });
    expect(result).toEqual({
      transcript: [
        { stepId: 's1', sent: 'Bonjour ! Je vais vous poser deux questions.' },
        { stepId: 's2', sent: 'Votre adresse e-mail ?' },
        { stepId: 's2', answer: 'pas une adresse', valid: false },
        { stepId: 's2', sent: "Ce n'est pas une adresse e-mail valide." },
        { stepId: 's2', answer: 'jeanne@example.fr', valid: true },
        { stepId: 's3', sent: 'Commande ou livraison ?\n1. Commande\n2. Livraison' },
        { stepId: 's3', answer: 'COMMANDE', valid: true },
        { stepId: 's9', sent: 'Un conseiller vous répond.' },
      ],
      attributes: { email: 'jeanne@example.fr', reason: 'order', segment: 'orders' },
      ended: { stepId: 's9', reason: 'handover', handover: true, teamId: 'team-orders' },
    });
  });

  it('stops at the waiting question when the answers run out', () => {
    const result = simulateScript(script, { answers: ['jeanne@example.fr'] });
    expect(result.ended).toBeNull();
    expect(result.waitingAt).toBe('s3');
    expect(result.transcript.at(-1)).toEqual({ stepId: 's3', sent: 'Commande ou livraison ?\n1. Commande\n2. Livraison' });
    expect(result.attributes).toEqual({ email: 'jeanne@example.fr' });
  });

  it('branches on the sample facts', () => {
    const doc = validateDocument({
      ...orderHelp(),
      start: 'b',
      steps: [
        { id: 'b', type: 'branch', otherwise: 'h', branches: [
          { id: 'b1', when: { id: 'g2', all: [{ id: 'c1', fact: 'contact.language', operator: 'equal', value: 'en' }] }, next: 'm' },
        ] },
        { id: 'm', type: 'message', text: 'Hello!', next: 'h' },
        { id: 'h', type: 'handover' },
      ],
    }).document as ScriptDocument;
    expect(simulateScript(doc, { facts: { 'contact.language': 'EN' }, answers: [] }).transcript).toEqual([{ stepId: 'm', sent: 'Hello!' }]);
    expect(simulateScript(doc, { facts: { 'contact.language': 'fr' }, answers: [] }).transcript).toEqual([]);
  });
});
