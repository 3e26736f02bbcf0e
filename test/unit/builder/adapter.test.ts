import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromGraph, toGraph } from '../../../admin-ui/src/builder/graph/adapter.js';
import { idsOf } from '../../../admin-ui/src/builder/model/elements.js';
import type { Doc } from '../../../admin-ui/src/builder/model/types.js';
import { anyDocument, automation, script } from './arbitraries.js';

const refund: Doc = {
  schema: 'switchboard.automation/1',
  name: 'Refunds to Billing',
  enabled: true,
  triggers: ['message.received'],
  when: { id: 'g1', all: [{ id: 'c1', fact: 'message.text', operator: 'contains', value: 'remboursement' }, { id: 'g2', not: { id: 'c2', fact: 'contact.groups', operator: 'includes', value: 'vip' } }] },
  then: [
    { id: 'a1', type: 'addTags', tags: ['refund'] },
    { id: 'a2', type: 'assignTeam', teamId: 'team-billing' },
  ],
  stop: false,
};

describe('document → graph → document', () => {
  it('gives back the document it was given, for any document of any kind', () => {
    fc.assert(fc.property(anyDocument, (doc) => {
      expect(fromGraph(toGraph(doc))).toEqual(doc);
    }), { numRuns: 300 });
  });

  it('keeps fields it does not draw, and dangling step references of an invalid script', () => {
    const doc: Doc = {
      schema: 'switchboard.script/1', name: 'S', enabled: true, start: 'nowhere', custom: { a: 1 },
      steps: [{ id: 's1', type: 'message', text: 'hi', next: 'gone' }, { id: 's2', type: 'branch', branches: [{ id: 'b1', when: { id: 'g1', all: [] }, next: 'lost' }], otherwise: 's1' }],
    };
    expect(fromGraph(toGraph(doc))).toEqual(doc);
  });
});

describe('toGraph', () => {
  it('draws every element with an id as one node of that id, and the triggers as trigger:<name>', () => {
    fc.assert(
      fc.property(anyDocument, (doc) => {
        const nodeIds = toGraph(doc).nodes.map((n) => n.id);
        expect(new Set(nodeIds).size).toBe(nodeIds.length);
        const drawnElements = idsOf(doc).filter((id) => !id.startsWith('k')); // question choices are edited in the step's panel
        for (const id of drawnElements) expect(nodeIds).toContain(id);
      }),
    );
    const ids = toGraph(refund).nodes.map((n) => n.id);
    expect(ids.sort()).toEqual(['a1', 'a2', 'c1', 'c2', 'g1', 'g2', 'trigger:message.received'].sort());
  });

  it('links group → member, trigger → condition root, and the actions in their order', () => {
    const edges = toGraph(refund).edges.map((e) => `${e.source}→${e.target}:${e.data.role}`);
    expect(edges).toEqual(expect.arrayContaining(['trigger:message.received→g1:trigger', 'g1→c1:member', 'g1→g2:member', 'g2→c2:not', 'g1→a1:then', 'a1→a2:then']));
  });

  it('links script steps by next, otherwise and branch targets, and the selection to the start', () => {
    fc.assert(
      fc.property(script, (doc) => {
        const edges = toGraph(doc).edges;
        const has = (s: string, t: string, role: string) => edges.some((e) => e.source === s && e.target === t && e.data.role === role);
        if (doc.start) expect(has('$selection', doc.start, 'start')).toBe(true);
        for (const s of doc.steps ?? []) {
          if (s.next) expect(has(s.id, s.next, 'next')).toBe(true);
          if (s.otherwise) expect(has(s.id, s.otherwise, 'otherwise')).toBe(true);
          for (const b of s.branches ?? []) {
            expect(has(s.id, b.id, 'branch')).toBe(true);
            if (b.next) expect(has(b.id, b.next, 'branchNext')).toBe(true);
          }
        }
      }),
    );
  });

  it('places nodes from the layout, and lays out a document without one so that no two nodes share a place', () => {
    fc.assert(
      fc.property(automation, (doc) => {
        const graph = toGraph(doc);
        if (doc.layout) {
          for (const n of graph.nodes) if (doc.layout[n.id]) expect(n.position).toEqual(doc.layout[n.id]);
        } else {
          const places = graph.nodes.map((n) => `${n.position.x},${n.position.y}`);
          expect(new Set(places).size).toBe(places.length);
        }
      }),
    );
  });

  it('draws an automation without triggers with a place to add one', () => {
    const nodes = toGraph({ ...refund, triggers: [] }).nodes;
    expect(nodes.find((n) => n.id === '$triggers')).toBeDefined();
  });
});
