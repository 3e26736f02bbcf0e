/**
 * The script-specific rules of validation (documents.md "Scripts", "Invalid"). `validate.ts`
 * checks the envelope and calls `checkScript` with its Checker, so ids are unique across steps,
 * choices, branches and conditions, and branch conditions are checked as every condition is.
 */
import { isAttributeKey } from './facts.js';
import { fold } from './fold.js';
import { ANSWER_TYPES, SCRIPT_HOURS, STEP_TYPES, stepTargets, type ScriptStep } from './script-document.js';
import { cyclesWithoutQuestion, reachableSteps } from './script-graph.js';
import type { Checker } from './validate.js';

type Json = Record<string, unknown>;
const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const isText = (x: unknown): x is string => typeof x === 'string' && x.trim() !== '';
const show = (x: unknown): string => (x === undefined ? 'nothing' : JSON.stringify(x));
const isScalar = (v: unknown): boolean =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
const optionalText = (v: unknown): boolean => v === undefined || isText(v);
const wholeAtLeastOne = (v: unknown): boolean => v === undefined || (typeof v === 'number' && Number.isInteger(v) && v >= 1);

export function checkScript(check: Checker, doc: Json): void {
  const { channels, hours, when, start, steps } = doc;
  if (channels !== undefined && !(Array.isArray(channels) && channels.every(isText))) {
    check.error('channels', `"channels" is a list of channel ids (empty: every channel), got ${show(channels)}`);
  }
  if (hours !== undefined && !SCRIPT_HOURS.includes(hours as never)) {
    check.error('hours', `"hours" is one of ${SCRIPT_HOURS.join(', ')}, got ${show(hours)}`);
  }
  if (when !== undefined) {
    // the documented example selects always with an empty root `all`: allowed here, and only here
    if (isObject(when) && Array.isArray(when.all) && when.all.length === 0 && !('any' in when) && !('not' in when)) check.elementId(when, 'when');
    else check.group(when, 'when');
  }

  if (!Array.isArray(steps) || steps.length === 0) {
    check.error('steps', 'a script needs at least one step');
    if (!isText(start)) check.error('start', 'a script needs a "start" step id');
    return;
  }
  const wellFormed: ScriptStep[] = [];
  steps.forEach((step, i) => {
    if (checkStep(check, step, `steps[${i}]`)) wellFormed.push(step as unknown as ScriptStep);
  });
  const ids = new Set(wellFormed.map((s) => s.id));

  if (!isText(start)) check.error('start', 'a script needs a "start": the id of its first step');
  else if (!ids.has(start)) check.error('start', `"start" names no step: "${start}"`);

  wellFormed.forEach((step) => {
    const i = steps.indexOf(step);
    for (const { field, target, elementId } of stepTargets(step)) {
      if (!ids.has(target)) check.error(`steps[${i}].${field}`, `"${field.replace(/^branches\[\d+\]\./, '')}" names no step: "${target}"`, elementId);
    }
  });

  if (isText(start) && ids.has(start)) {
    const reached = reachableSteps(wellFormed, start);
    wellFormed.forEach((step) => {
      if (!reached.has(step.id)) check.error(`steps[${steps.indexOf(step)}]`, `step "${step.id}" cannot be reached from "start"`, step.id);
    });
  }
  for (const cycle of cyclesWithoutQuestion(wellFormed)) {
    const loop = [...cycle, cycle[0]].join(' → ');
    for (const id of cycle) {
      const i = wellFormed.findIndex((s) => s.id === id);
      check.error(`steps[${steps.indexOf(wellFormed[i])}]`, `step "${id}" is on a cycle with no question to wait for the customer (${loop})`, id);
    }
  }
}

/** Checks one step's own fields; true when it has an id and a known type (so it can be followed). */
function checkStep(check: Checker, step: unknown, path: string): boolean {
  if (!isObject(step)) {
    check.error(path, `must be a step, not ${show(step)}`);
    return false;
  }
  const id = check.elementId(step, path);
  const type = step.type;
  if (!STEP_TYPES.includes(type as never)) {
    check.error(`${path}.type`, `unknown step type ${show(type)}: expected one of ${STEP_TYPES.join(', ')}`, id);
    return false;
  }
  const fail = (field: string, message: string) => check.error(field ? `${path}.${field}` : path, `${type as string}: ${message}`, id);
  const needsNext = (field: string) => {
    if (!isText(step[field])) fail(field, `has nowhere to go: "${field}" must name the next step`);
  };
  switch (type) {
    case 'message':
      if (!isText(step.text)) fail('text', 'needs a non-empty "text"');
      needsNext('next');
      break;
    case 'question':
      checkQuestion(check, step, path, fail);
      needsNext('next');
      for (const field of ['onInvalid', 'onTimeout']) {
        if (!optionalText(step[field])) fail(field, `"${field}" names a step (absent: hand over), got ${show(step[field])}`);
      }
      break;
    case 'branch':
      if (!Array.isArray(step.branches)) {
        fail('branches', `"branches" is a list of { id, when, next }, got ${show(step.branches)}`);
      } else {
        step.branches.forEach((branch, i) => {
          const at = `${path}.branches[${i}]`;
          if (!isObject(branch)) {
            check.error(at, `branch: must be { id, when, next }, not ${show(branch)}`, id);
            return;
          }
          const branchId = check.elementId(branch, at);
          if (branch.when === undefined) check.error(`${at}.when`, 'a branch needs a "when" group', branchId);
          else check.group(branch.when, `${at}.when`);
          if (!isText(branch.next)) check.error(`${at}.next`, 'a branch has nowhere to go: "next" must name a step', branchId);
        });
      }
      needsNext('otherwise');
      break;
    case 'setAttribute':
      if (!(typeof step.key === 'string' && isAttributeKey(step.key))) fail('key', `needs an attribute key (letters, digits, "_" or "-"), got ${show(step.key)}`);
      if (!isScalar(step.value)) fail('value', `needs a text, number or boolean value, got ${show(step.value)}`);
      needsNext('next');
      break;
    case 'handover':
      if (!optionalText(step.teamId)) fail('teamId', `"teamId" is a team id (absent: routed by the skill sets), got ${show(step.teamId)}`);
      if (!optionalText(step.text)) fail('text', `"text" is non-empty when given, got ${show(step.text)}`);
      break;
    case 'resolve':
      if (!optionalText(step.reasonId)) fail('reasonId', `"reasonId" is a resolution reason id, got ${show(step.reasonId)}`);
      if (!optionalText(step.text)) fail('text', `"text" is non-empty when given, got ${show(step.text)}`);
      break;
  }
  return id !== undefined;
}

function checkQuestion(check: Checker, step: Json, path: string, fail: (field: string, message: string) => void): void {
  if (!isText(step.text)) fail('text', 'needs a non-empty "text"');
  if (!ANSWER_TYPES.includes(step.answer as never)) fail('answer', `"answer" is one of ${ANSWER_TYPES.join(', ')}, got ${show(step.answer)}`);
  if (step.attribute === undefined) fail('attribute', 'needs an "attribute": the contact attribute its answer fills');
  else if (!(typeof step.attribute === 'string' && isAttributeKey(step.attribute))) {
    fail('attribute', `"attribute" is an attribute key (letters, digits, "_" or "-"), got ${show(step.attribute)}`);
  }
  if (!optionalText(step.retryText)) fail('retryText', `"retryText" is non-empty when given, got ${show(step.retryText)}`);
  if (!wholeAtLeastOne(step.maxAttempts)) fail('maxAttempts', `"maxAttempts" is a whole number, at least 1, got ${show(step.maxAttempts)}`);
  if (!wholeAtLeastOne(step.timeoutSeconds)) fail('timeoutSeconds', `"timeoutSeconds" is a whole number of seconds, at least 1, got ${show(step.timeoutSeconds)}`);
  if (step.answer !== 'choice') return;
  const choices = step.choices;
  if (!Array.isArray(choices) || choices.length === 0) {
    fail('choices', 'a choice question needs at least one choice: { id, label, value }');
    return;
  }
  const seen = new Map<string, string>();
  choices.forEach((choice, i) => {
    const at = `${path}.choices[${i}]`;
    if (!isObject(choice)) {
      fail(`choices[${i}]`, `a choice is { id, label, value }, not ${show(choice)}`);
      return;
    }
    const choiceId = check.elementId(choice, at);
    for (const field of ['label', 'value'] as const) {
      const text = choice[field];
      if (!isText(text)) {
        check.error(`${at}.${field}`, `a choice needs a non-empty "${field}"`, choiceId);
        continue;
      }
      // an answer picks the choice whose label or value it reads as: two choices must not share one
      const key = fold(text.trim());
      const owner = seen.get(key);
      if (owner !== undefined && owner !== choiceId) check.error(`${at}.${field}`, `"${text}" is already the label or value of choice "${owner}"`, choiceId);
      else seen.set(key, choiceId ?? `#${i}`);
    }
  });
}
