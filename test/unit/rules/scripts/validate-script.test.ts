import { describe, expect, it } from 'vitest';
import { validateDocument } from '../../../../rules/index.js';
import { orderHelp } from './example.js';

type Doc = ReturnType<typeof orderHelp>;
const edit = (change: (doc: Doc) => void): Doc => {
  const doc = structuredClone(orderHelp());
  change(doc);
  return doc;
};
const step = (doc: Doc, id: string) => doc.steps.find((s) => s.id === id) as Record<string, unknown>;
const errorsOf = (doc: unknown) => validateDocument(doc).errors;
const idsOf = (doc: unknown) => errorsOf(doc).map((e) => e.elementId);

describe('validateDocument on scripts', () => {
  it('accepts the documented example, its empty root "all" included', () => {
    const result = validateDocument(orderHelp());
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.document?.schema).toBe('switchboard.script/1');
  });

  it('accepts a script without channels, hours or when', () => {
    const doc = edit((d) => {
      delete (d as Partial<Doc>).channels;
      delete (d as Partial<Doc>).hours;
      delete (d as Partial<Doc>).when;
    });
    expect(errorsOf(doc)).toEqual([]);
  });

  it('refuses no start, and a start naming no step', () => {
    expect(errorsOf(edit((d) => delete (d as Partial<Doc>).start))).toEqual([
      expect.objectContaining({ path: 'start', message: expect.stringContaining('"start"') }),
    ]);
    const unknown = errorsOf(edit((d) => (d.start = 'nope')));
    expect(unknown).toContainEqual(expect.objectContaining({ path: 'start', message: '"start" names no step: "nope"' }));
  });

  it('names the step whose next, otherwise, onInvalid or onTimeout names no step', () => {
    const doc = edit((d) => {
      step(d, 's1').next = 'x1';
      step(d, 's2').onInvalid = 'x2';
      step(d, 's2').onTimeout = 'x3';
      step(d, 's4').otherwise = 'x4';
      (step(d, 's4').branches as Record<string, unknown>[])[0].next = 'x5';
    });
    const errors = errorsOf(doc).filter((e) => e.message.includes('names no step'));
    expect(errors.map((e) => [e.elementId, e.path])).toEqual([
      ['s1', 'steps[0].next'],
      ['s2', 'steps[1].onInvalid'],
      ['s2', 'steps[1].onTimeout'],
      ['b1', 'steps[3].branches[0].next'],
      ['s4', 'steps[3].otherwise'],
    ]);
  });

  it('names every step that start cannot reach', () => {
    const doc = edit((d) => {
      d.steps.push({ id: 's7', type: 'message', text: 'Orphan', next: 's8' }, { id: 's8', type: 'resolve' });
    });
    expect(errorsOf(doc)).toEqual([
      expect.objectContaining({ elementId: 's7', message: 'step "s7" cannot be reached from "start"' }),
      expect.objectContaining({ elementId: 's8', message: 'step "s8" cannot be reached from "start"' }),
    ]);
  });

  it('names a message, question, setAttribute or branch with nowhere to go', () => {
    const doc = edit((d) => {
      delete step(d, 's1').next;
      delete step(d, 's3').next;
      delete step(d, 's4').otherwise;
      delete step(d, 's5').next;
      delete (step(d, 's4').branches as Record<string, unknown>[])[0].next;
    });
    const nowhere = errorsOf(doc).filter((e) => e.message.includes('nowhere to go'));
    expect(nowhere.map((e) => e.elementId)).toEqual(['s1', 's3', 'b1', 's4', 's5']);
  });

  it('names every step of a cycle that no question breaks, and accepts one through a question', () => {
    const loop = edit((d) => {
      // m3 can leave the loop, but nothing in m2 → m3 → m2 waits for the customer to change its facts
      d.steps.splice(1, 0, { id: 'm2', type: 'message', text: 'Again', next: 'm3' }, {
        id: 'm3', type: 'branch', otherwise: 'm2',
        branches: [{ id: 'b9', when: { id: 'g9', all: [{ id: 'c9', fact: 'businessHours.open', operator: 'equal', value: true }] }, next: 's2' }],
      });
      step(d, 's1').next = 'm2';
    });
    const cycle = errorsOf(loop);
    expect(cycle.map((e) => e.elementId)).toEqual(['m2', 'm3']);
    expect(cycle[0].message).toContain('m2 → m3 → m2');
    const throughQuestion = edit((d) => (step(d, 's5').next = 's2'));
    expect(errorsOf(throughQuestion)).toEqual([]);
  });

  it('names a branch that loops onto itself', () => {
    const doc = edit((d) => (step(d, 's4').otherwise = 's4'));
    expect(idsOf(doc)).toEqual(['s4']);
  });

  it('refuses a choice question without choices, and a question without attribute', () => {
    const doc = edit((d) => {
      step(d, 's3').choices = [];
      delete step(d, 's2').attribute;
    });
    expect(errorsOf(doc)).toEqual([
      expect.objectContaining({ elementId: 's2', path: 'steps[1].attribute' }),
      expect.objectContaining({ elementId: 's3', path: 'steps[2].choices' }),
    ]);
  });

  it('refuses two choices that read the same, naming the second', () => {
    const doc = edit((d) => {
      (step(d, 's3').choices as Record<string, unknown>[])[1].label = 'COMMANDE';
    });
    expect(errorsOf(doc)).toEqual([expect.objectContaining({ elementId: 'k2', path: 'steps[2].choices[1].label' })]);
  });

  it('validates branch conditions in the usual language, naming condition ids', () => {
    const doc = edit((d) => {
      (step(d, 's4').branches as Record<string, unknown>[])[0].when = {
        id: 'g2',
        all: [
          { id: 'c1', fact: 'contact.attributes.reason', operator: 'includes', value: 'order' },
          { id: 'c2', fact: 'contact.nope', operator: 'equal', value: 'x' },
          { id: 'g3', any: [] },
        ],
      };
    });
    expect(idsOf(doc)).toEqual(['c1', 'c2', 'g3']);
  });

  it('refuses duplicate ids across steps, choices, branches and conditions', () => {
    const doc = edit((d) => {
      (step(d, 's3').choices as Record<string, unknown>[])[1].id = 's1';
      (step(d, 's4').branches as Record<string, unknown>[])[0].id = 'k1';
    });
    const dup = errorsOf(doc).filter((e) => e.message.includes('is used by another element'));
    expect(dup.map((e) => e.elementId)).toEqual(['s1', 'k1']);
  });

  it('refuses bad hours, answer types, timeouts and attempts, and unknown step types', () => {
    const doc = edit((d) => {
      d.hours = 'sometimes';
      step(d, 's2').answer = 'colour';
      step(d, 's2').timeoutSeconds = 0;
      step(d, 's2').maxAttempts = 0;
      step(d, 's5').type = 'teleport';
    });
    expect(errorsOf(doc).map((e) => [e.elementId, e.path])).toEqual([
      [undefined, 'hours'],
      ['s2', 'steps[1].answer'],
      ['s2', 'steps[1].maxAttempts'],
      ['s2', 'steps[1].timeoutSeconds'],
      ['s5', 'steps[4].type'],
      // s5 has no known type, so nothing can follow it: s4's branch names no step
      ['b1', 'steps[3].branches[0].next'],
    ]);
    expect(errorsOf(edit((d) => (step(d, 's2').timeoutSeconds = 0.5)))).toEqual([expect.objectContaining({ elementId: 's2', path: 'steps[1].timeoutSeconds' })]);
  });

  it('refuses a script without steps, and a selection "when" that is a half-built group', () => {
    expect(errorsOf(edit((d) => (d.steps = [])))).toEqual([
      expect.objectContaining({ path: 'steps' }),
    ]);
    expect(idsOf(edit((d) => (d.when = { id: 'g1', any: [] } as never)))).toEqual(['g1']);
  });
});
