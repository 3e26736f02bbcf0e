// The figures of one bench run as a table, saved as JSON under .switchboard/bench/, and two saved
// runs side by side (`npm run bench -- --compare A B`, A and B files or names in that folder).
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { E2eFigures } from './e2e.js';
import type { RulesFigures } from './rules-bench.js';
import { sum } from './stats.js';

export interface BenchRun {
  at: string;
  label?: string;
  commit?: string;
  machine: { cores: number; node: string; loadAverage: { start: number[]; end: number[] } };
  e2e?: E2eFigures;
  rules?: RulesFigures;
  scale?: Record<string, number | string>;
  timers?: Record<string, number | string>;
}

export const BENCH_DIR = path.resolve('.switchboard', 'bench');

type Row = [label: string, value: (run: BenchRun) => number | string | undefined, target?: string];

const ms = (v: number | null | undefined) => (v == null || Number.isNaN(v) ? '—' : `${v.toFixed(v < 10 ? 1 : 0)} ms`);
const n = (v: number | null | undefined, digits = 0) => (v == null || Number.isNaN(v) ? '—' : v.toFixed(digits));

const ROWS: Row[] = [
  ['load average (start → end)', (r) => `${r.machine.loadAverage.start[0].toFixed(1)} → ${r.machine.loadAverage.end[0].toFixed(1)}`],
  ['processes (API + worker)', (r) => r.e2e && `${r.e2e.apis} + ${r.e2e.workers}`],
  ['offered', (r) => r.e2e && `${r.e2e.messages} msgs / ${r.e2e.threads} threads @ ${r.e2e.offeredRate}/s`],
  ['stored / visible / evaluated', (r) => r.e2e && `${r.e2e.stored} / ${r.e2e.visible} / ${r.e2e.evaluated}`],
  ['right last message (threads)', (r) => r.e2e && `${r.e2e.rightLastMessage} / ${Math.min(r.e2e.threads, r.e2e.messages)}`],
  ['end to end', (r) => r.e2e && `${n(r.e2e.e2eRate)} msgs/s (${n(r.e2e.e2eSeconds, 1)} s)`, '≥ 300/s'],
  ['ack p50 / p99', (r) => r.e2e && `${ms(r.e2e.ack.p50)} / ${ms(r.e2e.ack.p99)}`, 'p99 < 50 ms'],
  ['ack → visible p50 / p99', (r) => r.e2e && `${ms(r.e2e.ackToVisible.p50)} / ${ms(r.e2e.ackToVisible.p99)}`, 'p99 < 1 s'],
  ['handed over / workflows caught up', (r) => r.e2e && `${n(r.e2e.handedOverSeconds, 1)} s / ${n(r.e2e.caughtUpSeconds, 1)} s`],
  ['agent actions p50 / p99', (r) => r.e2e && `${ms(r.e2e.agent.p50)} / ${ms(r.e2e.agent.p99)} (${r.e2e.agent.actions}, ${r.e2e.agent.errors} errors)`, 'p99 < 150 ms'],
  ['  while webhooks arrive / after', (r) => {
    const [during, after] = [r.e2e?.agentWhileWebhooks, r.e2e?.agentAfterWebhooks];
    return during && after && `p99 ${ms(during.p99)} (${during.actions}) / ${ms(after.p99)} (${after.actions})`;
  }],
  ['live events to the agent\'s inbox', (r) => n(r.e2e?.liveEvents)],
  ['ceiling (empty workflow)', (r) => r.e2e && `${n(r.e2e.ceilingRate)} msgs/s`],
  ['ratio to ceiling', (r) => r.e2e && `${n(r.e2e.ratio * 100)} %`],
  ['RSS API / worker', (r) => r.e2e && `${r.e2e.rssMb.api.map((v) => n(v)).join('+')} / ${r.e2e.rssMb.worker.map((v) => n(v)).join('+')} MB`],
  ['CPU s API / worker / Temporal / PG', (r) => r.e2e?.cpuSeconds && `${n(r.e2e.cpuSeconds.api, 1)} / ${n(r.e2e.cpuSeconds.worker, 1)} / ${n(r.e2e.cpuSeconds.temporal, 1)} / ${n(r.e2e.cpuSeconds.postgres, 1)}`],
  ['CPU per message (all four)', (r) => r.e2e?.cpuSeconds && `${n((sum(Object.values(r.e2e.cpuSeconds)) * 1000) / r.e2e.messages, 1)} ms`],
  ['worker pollers', (r) => r.e2e && JSON.stringify(r.e2e.pollers)],
  ['dev-server tuning', (r) => r.e2e && (r.e2e.devServerTuning ? 'on' : 'off')],
  ...[10, 100, 1000].map((size): Row => [`rules ${size}: ours / naive`, (r) => {
    const row = r.rules?.find((x) => x.automations === size);
    return row && `${n(row.ours)} / ${n(row.naive)} evals/s = ×${n(row.ours / row.naive, 1)}`;
  }, size >= 100 ? '≥ ×5' : undefined]),
];

export function table(runs: BenchRun[]): string[] {
  const headers = ['', ...runs.map((r) => r.label ?? r.at), 'target'];
  const scaleKeys = [...new Set(runs.flatMap((r) => Object.keys(r.scale ?? {})))];
  const scaleRows: Row[] = scaleKeys.map((key) => [`scale: ${key}`, (r) => {
    const v = r.scale?.[key];
    return typeof v === 'number' ? n(v, key.includes('ms') || key.includes('Seconds') ? 1 : 0) : v;
  }, key.includes('p99') ? 'indexes, no seq scan' : undefined]);
  const timerKeys = [...new Set(runs.flatMap((r) => Object.keys(r.timers ?? {})))];
  const timerRows: Row[] = timerKeys.map((key) => [`timers: ${key}`, (r) => {
    const v = r.timers?.[key];
    return typeof v === 'number' ? n(v, key.includes('seconds') ? 1 : 0) : v;
  }]);
  const rows = [...ROWS, ...scaleRows, ...timerRows].map(([label, value, target]) => [label, ...runs.map((r) => String(value(r) ?? '—')), target ?? '']).filter((row) =>
    row.slice(1, -1).some((v) => v !== '—'),
  );
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)];
}

export async function save(run: BenchRun): Promise<string> {
  await mkdir(BENCH_DIR, { recursive: true });
  const file = path.join(BENCH_DIR, `${run.at.replace(/[:.]/g, '-')}${run.label ? `-${run.label.replace(/[^\w-]/g, '_')}` : ''}.json`);
  await writeFile(file, JSON.stringify(run, null, 2) + '\n');
  return file;
}

export async function load(name: string): Promise<BenchRun> {
  // a file, a file of the folder, or the latest run saved with that label
  const labelled = (await readdir(BENCH_DIR).catch(() => [] as string[])).filter((f) => f.endsWith(`-${name}.json`)).sort();
  const candidates = [name, path.join(BENCH_DIR, name), path.join(BENCH_DIR, `${name}.json`), ...labelled.reverse().map((f) => path.join(BENCH_DIR, f))];
  for (const file of candidates) {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text) return { label: name, ...(JSON.parse(text) as BenchRun) };
  }
  throw new Error(`--compare: no saved run "${name}" (give a file, or a name in ${BENCH_DIR})`);
}

export const loadAverage = () => os.loadavg().map((v) => Math.round(v * 100) / 100);
