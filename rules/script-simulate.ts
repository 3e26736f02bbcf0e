/**
 * A script run against a list of answers, without a conversation: what `POST /api/scripts/test`
 * answers (documents.md). It drives the same step machine as the workflow; answers that remain
 * after the script ended are ignored, and when answers run out while a question waits, the
 * transcript stops there (`ended: null`, `waitingAt` that question).
 */
import type { Facts } from './facts.js';
import { answerScript, startScript, type ScriptAttributes, type ScriptEffect, type ScriptEndReason } from './script-machine.js';
import type { ScriptDocument } from './script-document.js';

export type TranscriptEntry =
  | { readonly stepId: string; readonly sent: string }
  | { readonly stepId: string; readonly answer: string; readonly valid: boolean };

export interface ScriptSimulation {
  readonly transcript: readonly TranscriptEntry[];
  /** Every attribute the script would set, with its last value. */
  readonly attributes: ScriptAttributes;
  readonly ended: { readonly stepId: string; readonly reason: ScriptEndReason; readonly handover: boolean; readonly teamId?: string; readonly reasonId?: string } | null;
  /** The question still waiting for an answer when the answers ran out. */
  readonly waitingAt?: string;
}

export function simulateScript(doc: ScriptDocument, input: { readonly facts?: Facts; readonly answers: readonly string[] }): ScriptSimulation {
  const facts = input.facts ?? {};
  const transcript: TranscriptEntry[] = [];
  let ended: ScriptSimulation['ended'] = null;
  const record = (effects: readonly ScriptEffect[]) => {
    for (const effect of effects) {
      if (effect.type === 'send') transcript.push({ stepId: effect.stepId, sent: effect.text });
      if (effect.type === 'end') {
        const { type: _type, ...rest } = effect;
        ended = rest;
      }
    }
  };
  let turn = startScript(doc, facts);
  record(turn.effects);
  for (const answer of input.answers) {
    if (turn.state.status !== 'waiting') break;
    const stepId = turn.state.stepId;
    turn = answerScript(doc, turn.state, answer, facts);
    const valid = turn.effects.some((e) => e.type === 'answered');
    transcript.push({ stepId, answer, valid });
    record(turn.effects);
  }
  const waiting = turn.state.status === 'waiting' ? { waitingAt: turn.state.stepId } : {};
  return { transcript, attributes: turn.state.attributes, ended, ...waiting };
}
