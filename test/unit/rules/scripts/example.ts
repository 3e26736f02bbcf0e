/** The documented script example (documents.md "Scripts"), with team ids filled in. */
export const orderHelp = () => ({
  schema: 'switchboard.script/1',
  name: 'Order help',
  enabled: true,
  channels: ['ch1'],
  hours: 'any',
  when: { id: 'g1', all: [] },
  start: 's1',
  steps: [
    { id: 's1', type: 'message', text: 'Bonjour ! Je vais vous poser deux questions.', next: 's2' },
    {
      id: 's2', type: 'question', text: 'Votre adresse e-mail ?', answer: 'email', attribute: 'email',
      retryText: "Ce n'est pas une adresse e-mail valide.", maxAttempts: 2, timeoutSeconds: 900,
      next: 's3', onInvalid: 's9', onTimeout: 's9',
    },
    {
      id: 's3', type: 'question', text: 'Commande ou livraison ?', answer: 'choice',
      choices: [
        { id: 'k1', label: 'Commande', value: 'order' },
        { id: 'k2', label: 'Livraison', value: 'delivery' },
      ],
      attribute: 'reason', next: 's4',
    },
    {
      id: 's4', type: 'branch',
      branches: [
        { id: 'b1', when: { id: 'g2', all: [{ id: 'c1', fact: 'contact.attributes.reason', operator: 'equal', value: 'order' }] }, next: 's5' },
      ],
      otherwise: 's9',
    },
    { id: 's5', type: 'setAttribute', key: 'segment', value: 'orders', next: 's9' },
    { id: 's9', type: 'handover', teamId: 'team-orders', text: 'Un conseiller vous répond.' },
  ] as Record<string, unknown>[],
});
