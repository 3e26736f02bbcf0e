import { describe, expect, it } from 'vitest';
import { scriptApplies, selectScript, testDocument, validateDocument, type ScriptDocument, type ScriptSelection } from '../../../../rules/index.js';
import { orderHelp } from './example.js';

const doc = (overrides: Record<string, unknown> = {}): ScriptDocument => {
  const result = validateDocument({ ...orderHelp(), ...overrides });
  expect(result.errors).toEqual([]);
  return result.document as ScriptDocument;
};
const at = (overrides: Partial<ScriptSelection> = {}): ScriptSelection => ({
  channelId: 'ch1', kind: 'private', unassigned: true, hoursOpen: true, facts: {}, ...overrides,
});

describe('which script runs', () => {
  it('runs on a private, unassigned conversation of a listed channel', () => {
    expect(scriptApplies(doc(), at())).toBe(true);
    expect(scriptApplies(doc(), at({ kind: 'public' }))).toBe(false);
    expect(scriptApplies(doc(), at({ unassigned: false }))).toBe(false);
    expect(scriptApplies(doc(), at({ channelId: 'ch2' }))).toBe(false);
    expect(scriptApplies(doc({ enabled: false }), at())).toBe(false);
  });

  it('runs on every channel when channels is empty or absent', () => {
    expect(scriptApplies(doc({ channels: [] }), at({ channelId: 'ch9' }))).toBe(true);
    expect(scriptApplies(doc({ channels: undefined }), at({ channelId: 'ch9' }))).toBe(true);
  });

  it('follows hours: open, closed or any', () => {
    for (const [hours, open, runs] of [['open', true, true], ['open', false, false], ['closed', true, false], ['closed', false, true], ['any', false, true], [undefined, false, true]] as const) {
      expect(scriptApplies(doc({ hours }), at({ hoursOpen: open })), `${hours} ${open}`).toBe(runs);
    }
  });

  it('tests its optional when on the usual facts', () => {
    const french = doc({ when: { id: 'g1', all: [{ id: 'c9', fact: 'contact.language', operator: 'equal', value: 'fr' }] } });
    expect(scriptApplies(french, at({ facts: { 'contact.language': 'FR' } }))).toBe(true);
    expect(scriptApplies(french, at({ facts: { 'contact.language': 'en' } }))).toBe(false);
  });

  it('selects the first script in list order that applies', () => {
    const scripts = [
      { id: 'night', document: doc({ hours: 'closed' }) },
      { id: 'day', document: doc({ hours: 'open' }) },
      { id: 'fallback', document: doc() },
    ];
    expect(selectScript(scripts, at({ hoursOpen: true }))?.id).toBe('day');
    expect(selectScript(scripts, at({ hoursOpen: false }))?.id).toBe('night');
    expect(selectScript(scripts, at({ kind: 'public' }))).toBeUndefined();
  });

  it('testDocument says whether the script would start on the sample', async () => {
    expect(await testDocument(orderHelp(), { 'channel.id': 'ch1', 'conversation.kind': 'private' })).toMatchObject({ valid: true, fired: true });
    expect(await testDocument(orderHelp(), { 'channel.id': 'ch1', 'conversation.kind': 'public' })).toMatchObject({ valid: true, fired: false });
  });
});
