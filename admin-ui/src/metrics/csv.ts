import type { Metrics } from '../types';

// The series as CSV (one row per day or week), for spreadsheets: durations in seconds, empty
// cells where there is no figure.
const HEADER = [
  'date', 'received', 'created', 'resolved',
  'first_response_p50_seconds', 'first_response_p90_seconds',
  'resolution_p50_seconds', 'resolution_p90_seconds',
  'csat_responses', 'csat_average',
];

const cell = (value: number | string | null | undefined) => {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

export function metricsCsv(metrics: Metrics): string {
  const rows = metrics.series.map((s) => [
    s.date, s.received, s.created, s.resolved,
    s.firstResponseSeconds.p50, s.firstResponseSeconds.p90,
    s.resolutionSeconds.p50, s.resolutionSeconds.p90,
    s.csat.responses, s.csat.average,
  ]);
  return [HEADER, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
