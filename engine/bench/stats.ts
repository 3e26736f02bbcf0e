export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export interface Summary {
  p50: number;
  p99: number;
  max: number;
}

export function summary(values: readonly (number | undefined)[]): Summary {
  const sorted = values.filter((v): v is number => typeof v === 'number').sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
}

export function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
