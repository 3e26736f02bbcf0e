import { SCHEMA, type Doc, type DocKind } from './types.js';

/** The document a `/{kind}/new` builder opens with; `name` is a translated placeholder. */
export function emptyDocument(kind: DocKind, name: string): Doc {
  switch (kind) {
    case 'automations':
      return { schema: SCHEMA.automation, name, enabled: true, triggers: ['message.received'], when: { id: 'g1', all: [] }, then: [], stop: false };
    case 'skill-sets':
      return { schema: SCHEMA.skillSet, name, enabled: true, when: { id: 'g1', all: [] }, target: { teamId: '' }, strategy: 'balanced' };
    case 'contact-groups':
      return { schema: SCHEMA.contactGroup, name, enabled: true, when: { id: 'g1', all: [] } };
    case 'scripts':
      return { schema: SCHEMA.script, name, enabled: true, channels: [], hours: 'any', steps: [] };
  }
}
