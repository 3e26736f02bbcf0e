import type { Doc } from './types.js';

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Two documents do the same thing (positions and, if asked, `enabled` left aside). */
export function sameLogic(a: Doc, b: Doc, ignoreEnabled = false): boolean {
  const strip = ({ layout: _l, enabled, ...rest }: Doc) => (ignoreEnabled ? rest : { ...rest, enabled });
  return canonical(strip(a)) === canonical(strip(b));
}
