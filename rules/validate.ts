/**
 * validateDocument: untrusted JSON → a typed `Document`, or every problem found, each naming
 * the element to fix (`elementId`) and where it is (`path`, e.g. `when.all[1].value`).
 * Hand-written so each rule reads as one line; the whole document is always walked, so every
 * invalid element is listed, not only the first.
 */
import {
  SCHEMAS,
  STRATEGIES,
  TRIGGERS,
  type ActionType,
  type Document,
} from './document.js';
import { ATTRIBUTE_PREFIX, factSpec, isAttributeKey, PRIORITIES, type FactSpec, type FactType } from './facts.js';
import { migrateDocument } from './migrate.js';
import { isOperatorName, operators, type ValueKind } from './operators.js';
import { patternProblem } from './regex-guard.js';
import { checkScript } from './script-validate.js';

export interface ValidationError {
  readonly elementId?: string;
  readonly path: string;
  readonly message: string;
}

export interface ValidationResult {
  readonly valid: boolean;
  readonly errors: readonly ValidationError[];
  /** The (migrated) document, present only when valid. */
  readonly document?: Document;
}

type Json = Record<string, unknown>;

const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const isText = (x: unknown): x is string => typeof x === 'string' && x.trim() !== '';
const show = (x: unknown): string => (x === undefined ? 'nothing' : JSON.stringify(x));
const has = (o: Json, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

/** Where facts may come from: contact groups test the contact only (and not its own groups). */
type FactScope = 'all' | 'contact';

export class Checker {
  readonly errors: ValidationError[] = [];
  private readonly ids = new Set<string>();

  constructor(private readonly scope: FactScope) {}

  error(path: string, message: string, elementId?: string): void {
    this.errors.push(elementId === undefined ? { path, message } : { elementId, path, message });
  }

  /** Checks the element's id, records it, and returns it (undefined when missing). */
  elementId(node: Json, path: string): string | undefined {
    const id = node.id;
    if (!isText(id)) {
      this.error(`${path}.id`, 'every element needs a non-empty text "id"');
      return undefined;
    }
    if (id.startsWith('$')) this.error(`${path}.id`, 'ids starting with "$" are reserved', id);
    if (this.ids.has(id)) this.error(`${path}.id`, `the id "${id}" is used by another element`, id);
    this.ids.add(id);
    return id;
  }

  /** A group: `all` / `any` (non-empty arrays) or `not` (one condition or group). */
  group(node: unknown, path: string): void {
    if (!isObject(node) || !['all', 'any', 'not'].some((k) => has(node, k))) {
      const id = isObject(node) && isText(node.id) ? node.id : undefined;
      this.error(path, 'must be a group: an object with "all", "any" or "not"', id);
      if (isObject(node)) this.node(node, path);
      return;
    }
    this.node(node, path);
  }

  node(node: unknown, path: string): void {
    if (!isObject(node)) {
      this.error(path, `must be a condition or a group, not ${show(node)}`);
      return;
    }
    const id = this.elementId(node, path);
    const kinds = ['all', 'any', 'not'].filter((k) => has(node, k));
    if (kinds.length > 1) {
      this.error(path, `a group has exactly one of "all", "any", "not" (found ${kinds.join(', ')})`, id);
    }
    if (kinds.length === 0) {
      this.condition(node, path, id);
      return;
    }
    for (const kind of kinds) {
      const children = node[kind];
      const at = `${path}.${kind}`;
      if (kind === 'not') {
        if (Array.isArray(children)) {
          this.error(at, `a "not" group holds exactly one condition or group (found a list of ${children.length})`, id);
          if (children.length === 1) this.node(children[0], `${at}[0]`);
        } else if (!isObject(children)) {
          this.error(at, 'a "not" group holds exactly one condition or group', id);
        } else {
          this.node(children, at);
        }
      } else if (!Array.isArray(children)) {
        this.error(at, `"${kind}" must be a list of conditions or groups`, id);
      } else {
        if (children.length === 0) this.error(at, `an "${kind}" group is empty: add at least one condition`, id);
        children.forEach((child, i) => this.node(child, `${at}[${i}]`));
      }
    }
  }

  condition(node: Json, path: string, id: string | undefined): void {
    const { fact, operator } = node;
    let spec: FactSpec | undefined;
    if (!isText(fact)) {
      this.error(`${path}.fact`, 'a condition needs a "fact"', id);
    } else {
      spec = factSpec(fact);
      if (!spec) {
        const hint = fact.startsWith(ATTRIBUTE_PREFIX) ? ' (attribute keys are letters, digits, "_" or "-")' : '';
        this.error(`${path}.fact`, `unknown fact "${fact}"${hint}`, id);
      } else if (this.scope === 'contact' && (!fact.startsWith('contact.') || fact === 'contact.groups')) {
        this.error(`${path}.fact`, `a contact group tests contact facts only, not "${fact}"`, id);
      }
    }
    if (!isText(operator)) {
      this.error(`${path}.operator`, 'a condition needs an "operator"', id);
      return;
    }
    if (!isOperatorName(operator)) {
      this.error(`${path}.operator`, `unknown operator "${operator}"`, id);
      return;
    }
    const op = operators[operator];
    if (spec && !(op.accepts as readonly FactType[]).includes(spec.type)) {
      this.error(`${path}.operator`, `"${operator}" does not apply to "${String(fact)}", a ${spec.type} fact`, id);
      return;
    }
    const problem = valueProblem(op.value, node.value, spec);
    if (problem) this.error(`${path}.value`, problem, id);
  }

  action(node: unknown, path: string): void {
    if (!isObject(node)) {
      this.error(path, `must be an action, not ${show(node)}`);
      return;
    }
    const id = this.elementId(node, path);
    const type = node.type;
    if (typeof type !== 'string' || !has(ACTION_FIELDS, type)) {
      this.error(`${path}.type`, `unknown action type ${show(type)}: expected one of ${Object.keys(ACTION_FIELDS).join(', ')}`, id);
      return;
    }
    for (const [field, check] of Object.entries(ACTION_FIELDS[type as ActionType])) {
      const problem = check(node[field]);
      if (problem) this.error(`${path}.${field}`, `${type}: ${problem}`, id);
    }
  }
}

type FieldCheck = (value: unknown) => string | undefined;
const requiredId: FieldCheck = (v) => (isText(v) ? undefined : `needs a non-empty id, got ${show(v)}`);
const tagList: FieldCheck = (v) =>
  Array.isArray(v) && v.length > 0 && v.every(isText) ? undefined : `needs a non-empty list of tag names, got ${show(v)}`;

const ACTION_FIELDS: Record<ActionType, Record<string, FieldCheck>> = {
  addTags: { tags: tagList },
  removeTags: { tags: tagList },
  setTopic: { topicId: requiredId },
  setPriority: {
    priority: (v) => (PRIORITIES.includes(v as never) ? undefined : `priority is one of ${PRIORITIES.join(', ')}, got ${show(v)}`),
  },
  assignTeam: { teamId: requiredId },
  assignUser: { userId: requiredId },
  resolve: { reasonId: (v) => (v === undefined || isText(v) ? undefined : `reasonId must be a non-empty id, got ${show(v)}`) },
  sendSavedReply: { savedReplyId: requiredId },
  setContactAttribute: {
    key: (v) => (typeof v === 'string' && isAttributeKey(v) ? undefined : `needs an attribute key (letters, digits, "_" or "-"), got ${show(v)}`),
    value: (v) => (isScalar(v) ? undefined : `needs a text, number or boolean value, got ${show(v)}`),
  },
};

function isScalar(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
}

/** Why `value` cannot be compared with a fact of `spec` by an operator wanting `kind`. */
function valueProblem(kind: ValueKind, value: unknown, spec: FactSpec | undefined): string | undefined {
  switch (kind) {
    case 'none':
      return value === undefined || value === null ? undefined : `this operator takes no value, got ${show(value)}`;
    case 'text':
      return isText(value) ? undefined : `needs non-empty text, got ${show(value)}`;
    case 'pattern':
      return typeof value === 'string' ? patternProblem(value) : `needs a regular expression as text, got ${show(value)}`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : `needs a number, got ${show(value)}`;
    case 'element':
      return isText(value) ? undefined : `needs one name or id, got ${show(value)}`;
    case 'scalar':
      return spec ? scalarProblem(value, spec) : undefined;
    case 'scalars':
      if (!Array.isArray(value) || value.length === 0) return `needs a non-empty list of values, got ${show(value)}`;
      if (!spec) return undefined;
      return value.map((v) => scalarProblem(v, spec)).find((p) => p !== undefined);
  }
}

function scalarProblem(value: unknown, spec: FactSpec): string | undefined {
  switch (spec.type) {
    case 'text':
      return typeof value === 'string' ? undefined : `needs text, got ${show(value)}`;
    case 'id':
      return isText(value) ? undefined : `needs an id, got ${show(value)}`;
    case 'enum':
      return spec.enumValues?.includes(value as string) ? undefined : `needs one of ${spec.enumValues?.join(', ')}, got ${show(value)}`;
    case 'number':
    case 'duration':
      return typeof value === 'number' && Number.isFinite(value) ? undefined : `needs a number, got ${show(value)}`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `needs true or false, got ${show(value)}`;
    case 'attribute':
      return isScalar(value) ? undefined : `needs a text, number or boolean value, got ${show(value)}`;
    case 'list':
      return `needs one name or id, got ${show(value)}`;
  }
}

export function validateDocument(input: unknown): ValidationResult {
  if (!isObject(input)) return invalid([{ path: '', message: 'a document is a JSON object' }]);
  const migrated = migrateDocument(input);
  if (!migrated.ok) return invalid([{ path: 'schema', message: migrated.message }]);
  const doc = migrated.document;

  const check = new Checker(doc.schema === SCHEMAS.contactGroup ? 'contact' : 'all');
  if (!isText(doc.name)) check.error('name', 'a document needs a non-empty "name"');
  if (typeof doc.enabled !== 'boolean') check.error('enabled', `"enabled" is true or false, got ${show(doc.enabled)}`);
  if (doc.layout !== undefined && !isObject(doc.layout)) check.error('layout', '"layout" is an object keyed by element id');
  // a script's `when` is optional, and checked by checkScript
  if (doc.schema !== SCHEMAS.script) {
    if (doc.when === undefined) check.error('when', 'a document needs a "when" group');
    else check.group(doc.when, 'when');
  }

  switch (doc.schema) {
    case SCHEMAS.automation: {
      const { triggers, then, stop } = doc;
      if (!Array.isArray(triggers) || triggers.length === 0) {
        check.error('triggers', `needs at least one trigger: ${TRIGGERS.join(', ')}`);
      } else {
        triggers.forEach((t, i) => {
          if (!TRIGGERS.includes(t)) check.error(`triggers[${i}]`, `unknown trigger ${show(t)}: expected one of ${TRIGGERS.join(', ')}`);
        });
      }
      if (!Array.isArray(then) || then.length === 0) check.error('then', 'an automation needs at least one action');
      else then.forEach((action, i) => check.action(action, `then[${i}]`));
      if (stop !== undefined && typeof stop !== 'boolean') check.error('stop', `"stop" is true or false, got ${show(stop)}`);
      if (check.errors.length > 0) return invalid(check.errors);
      return { valid: true, errors: [], document: { ...doc, stop: stop === true } as unknown as Document };
    }
    case SCHEMAS.skillSet: {
      const { target, strategy } = doc;
      if (!isObject(target)) {
        check.error('target', 'a skill set needs a "target": { teamId } or { userIds: [...] }');
      } else if (has(target, 'teamId') === has(target, 'userIds')) {
        check.error('target', 'a target has exactly one of "teamId" or "userIds"');
      } else if (has(target, 'teamId') && !isText(target.teamId)) {
        check.error('target.teamId', `needs a team id, got ${show(target.teamId)}`);
      } else if (has(target, 'userIds') && !(Array.isArray(target.userIds) && target.userIds.length > 0 && target.userIds.every(isText))) {
        check.error('target.userIds', `needs a non-empty list of user ids, got ${show(target.userIds)}`);
      }
      if (!STRATEGIES.includes(strategy as never)) check.error('strategy', `"strategy" is one of ${STRATEGIES.join(', ')}, got ${show(strategy)}`);
      break;
    }
    case SCHEMAS.contactGroup:
      break;
    case SCHEMAS.script:
      checkScript(check, doc);
      break;
  }
  if (check.errors.length > 0) return invalid(check.errors);
  return { valid: true, errors: [], document: doc as unknown as Document };
}

function invalid(errors: readonly ValidationError[]): ValidationResult {
  return { valid: false, errors };
}

/** Thrown by the compilers when handed a document that does not validate. */
export class InvalidDocumentError extends Error {
  constructor(
    readonly documentId: string,
    readonly errors: readonly ValidationError[],
  ) {
    super(`document ${documentId} is invalid: ${errors.map((e) => `${e.elementId ?? e.path}: ${e.message}`).join('; ')}`);
    this.name = 'InvalidDocumentError';
  }
}

/** Validates a document expected to be of `schema`; throws InvalidDocumentError otherwise. */
export function assertDocument<D extends Document>(id: string, input: unknown, schema: D['schema']): D {
  const result = validateDocument(input);
  if (!result.valid || !result.document) throw new InvalidDocumentError(id, result.errors);
  if (result.document.schema !== schema) {
    throw new InvalidDocumentError(id, [{ path: 'schema', message: `expected ${schema}, got ${result.document.schema}` }]);
  }
  return result.document as D;
}

