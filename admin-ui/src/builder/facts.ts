import { ATTRIBUTE_PREFIX, FACTS, factSpec, type FactSpec } from '../../../rules/facts.js';
import { operators, type OperatorName, type ValueKind } from '../../../rules/operators.js';
import { SCHEMA, type Doc } from './model/types.js';

// What the condition editor offers, read from rules/ so the picker and the validator agree.

// one list of channel types for the whole UI (e-mail included), named by `settings.channelTypes.*`
export { CHANNEL_TYPES } from '../settings/sections.js';

/** The facts a condition of this document may test (contact groups: contact facts only). */
export function factsFor(doc: Doc): string[] {
  const all = Object.keys(FACTS);
  if (doc.schema === SCHEMA.contactGroup) return all.filter((f) => f.startsWith('contact.') && f !== 'contact.groups');
  return all;
}

export function specOf(fact: string): FactSpec | undefined {
  return factSpec(fact);
}

/** Operators that fit the fact's type, in the order of rules/operators.ts. */
export function operatorsFor(fact: string): OperatorName[] {
  const spec = factSpec(fact);
  if (!spec) return [];
  return (Object.keys(operators) as OperatorName[]).filter((op) => (operators[op].accepts as readonly string[]).includes(spec.type));
}

export function valueKindOf(operator: string): ValueKind | undefined {
  return operator in operators ? operators[operator as OperatorName].value : undefined;
}

export function isAttributeFact(fact: string): boolean {
  return fact.startsWith(ATTRIBUTE_PREFIX);
}

export function attributeKey(fact: string): string {
  return fact.slice(ATTRIBUTE_PREFIX.length);
}

export { ATTRIBUTE_PREFIX };

/**
 * The value a condition should hold after its fact or operator changed: kept when it still fits,
 * otherwise a blank of the right kind (so the editor shows the right input).
 */
export function valueFor(fact: string, operator: string, previous: unknown): unknown {
  const kind = valueKindOf(operator);
  const spec = factSpec(fact);
  switch (kind) {
    case 'none':
      return undefined;
    case 'number':
      return typeof previous === 'number' ? previous : 0;
    case 'scalars':
      return Array.isArray(previous) ? previous : previous === undefined || previous === '' ? [] : [previous];
    case 'scalar':
      if (spec?.type === 'boolean') return typeof previous === 'boolean' ? previous : true;
      if (spec?.type === 'number' || spec?.type === 'duration') return typeof previous === 'number' ? previous : 0;
      if (spec?.type === 'enum') return spec.enumValues?.includes(previous as string) ? previous : spec.enumValues?.[0];
      return typeof previous === 'string' ? previous : '';
    default:
      return typeof previous === 'string' ? previous : Array.isArray(previous) ? String(previous[0] ?? '') : '';
  }
}
