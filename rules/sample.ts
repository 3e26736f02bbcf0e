/**
 * From a nested sample (the `/test` endpoint's `sample`, a stored conversation) to the flat facts
 * the evaluators read: `{ message: { text } }` → `{ "message.text": … }`. Lists and values are
 * kept as they are; `contact.attributes` become `contact.attributes.<key>`.
 */
import type { Facts, FactValue } from './facts.js';

export function factsFromSample(sample: Readonly<Record<string, unknown>>): Facts {
  const facts: Record<string, FactValue> = {};
  const walk = (value: unknown, path: string): void => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) walk(child, path ? `${path}.${key}` : key);
    } else if (path) {
      facts[path] = value as FactValue;
    }
  };
  walk(sample, '');
  return facts;
}
