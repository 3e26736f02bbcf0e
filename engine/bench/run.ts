// `npm run bench`: figures from one run on the local stack (embedded PostgreSQL and the Temporal
// dev server persisted with WAL; the API and the worker each in its own process, as `npm run api`
// and `npm run worker`). Prints a table, saves the run under .switchboard/bench/; asserts nothing.
//
//   e2e    webhooks at a fixed offered rate → stored → visible → evaluated, an agent working
//          meanwhile, and the ceiling of the same server and worker settings (e2e.ts)
//   rules  automations evaluated per second, naive json-rules-engine use vs ours (rules-bench.ts)
//   scale  queue listings over many stored messages, with their plans (scale.ts; only with --only)
//   timers many open conversations each with a live auto-resolve timer: the time to start them and
//          the memory it takes (timers.ts; only with --only)
//
//   npm run bench -- --only rules          one section alone (sections: e2e, rules, scale, timers)
//   npm run bench -- --label tuned         names the saved run
//   npm run bench -- --compare A B         two saved runs side by side
// Environment: BENCH_MESSAGES, BENCH_THREADS, BENCH_RATE, BENCH_APIS, BENCH_WORKERS,
// BENCH_DRAIN_SECONDS, BENCH_RULES_MS, BENCH_SCALE_CONVERSATIONS, BENCH_SCALE_MESSAGES,
// BENCH_TIMERS; SWITCHBOARD_WORKER_TUNING, SWITCHBOARD_DEV_SERVER_TUNING=off. To look inside a
// run: BENCH_PROFILE=dir, BENCH_STATEMENTS=1, BENCH_ACK_TIMELINE=1, BENCH_SERVER_ACK=1 (the API's
// own webhook ack histogram, without the time a request waits before the server reads it).
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { runEndToEnd } from './e2e.js';
import { load, loadAverage, save, table, type BenchRun } from './report.js';
import { runRulesBench } from './rules-bench.js';
import { runScale } from './scale.js';
import { runTimers } from './timers.js';

const out = (line = '') => process.stdout.write(line + '\n');

const SECTIONS = ['e2e', 'rules', 'scale', 'timers'] as const;
/** The scale and timers sections fill a database of their own for minutes: only when asked. */
const DEFAULT_SECTIONS: Section[] = ['e2e', 'rules'];
type Section = (typeof SECTIONS)[number];

function option(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(name);
  return at === -1 ? undefined : argv[at + 1];
}

function sectionsAsked(argv: string[]): Section[] {
  const only = option(argv, '--only');
  if (only === undefined) return DEFAULT_SECTIONS;
  const asked = only.split(',').filter(Boolean);
  const unknown = asked.filter((s) => !SECTIONS.includes(s as Section));
  if (asked.length === 0 || unknown.length) throw new Error(`--only takes ${SECTIONS.join(', ')} (comma-separated), got "${only}"`);
  return asked as Section[];
}

async function main() {
  const argv = process.argv.slice(2);
  const compare = argv.indexOf('--compare');
  if (compare !== -1) {
    const names = argv.slice(compare + 1, compare + 3);
    if (names.length !== 2) throw new Error('--compare takes two saved runs: --compare A B');
    for (const line of table(await Promise.all(names.map(load)))) out(line);
    return;
  }
  const sections = sectionsAsked(argv);
  const run: BenchRun = {
    at: new Date().toISOString(),
    ...(option(argv, '--label') ? { label: option(argv, '--label') } : {}),
    commit: commit(),
    machine: { cores: os.cpus().length, node: process.version, loadAverage: { start: loadAverage(), end: [] } },
  };
  out(`Switchboard bench — ${run.machine.cores} cores, node ${process.version}, load average ${run.machine.loadAverage.start.join(' ')}`);
  if (sections.includes('e2e')) run.e2e = await runEndToEnd(out);
  if (sections.includes('rules')) {
    out();
    run.rules = await runRulesBench(out);
  }
  if (sections.includes('scale')) {
    out();
    run.scale = await runScale(out);
  }
  if (sections.includes('timers')) {
    out();
    run.timers = await runTimers(out);
  }
  run.machine.loadAverage.end = loadAverage();
  out();
  for (const line of table([run])) out(line);
  out();
  out(`saved: ${await save(run)}`);
}

function commit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench failed: ${err?.stack ?? err}\n`);
    process.exit(1);
  },
);
