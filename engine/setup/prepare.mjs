// `node engine/setup/prepare.mjs <deps|start|test>`: what `npm start` / `npm test` need, made ready
// before they run (npm pre-scripts). Plain Node, no npm dependencies: node_modules may not exist yet.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveDevServer, resolveTestServer } from './temporal-binaries.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const say = (line) => console.error(line);

class PrepareError extends Error {}

function mtime(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return undefined;
  }
}

function elapsed(since) {
  return `${((Date.now() - since) / 1000).toFixed(0)} s`;
}

/** Runs a command in the repository root; its output is shown only when it fails. */
function run(command, args, { env } = {}) {
  const res = spawnSync(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (res.status === 0) return;
  let lines = `${res.stdout ?? ''}${res.stderr ?? ''}`.trimEnd().split('\n');
  // npm ends its errors with its usage text: its first error lines are the ones that explain.
  const npmErrors = lines.filter((line) => line.startsWith('npm error') && line.trim() !== 'npm error');
  lines = npmErrors.length ? npmErrors.slice(0, 8) : lines.slice(-30);
  const why = res.error ? res.error.message : res.signal ?? `exit ${res.status}`;
  throw new PrepareError(`\`${command} ${args.join(' ')}\` failed (${why}):\n${lines.join('\n')}`);
}

function depsHash() {
  const hash = createHash('sha256');
  for (const file of ['package.json', 'package-lock.json']) {
    hash.update(`${file}\0`);
    if (fs.existsSync(path.join(root, file))) hash.update(fs.readFileSync(path.join(root, file)));
  }
  return hash.digest('hex');
}

function npmDependencies() {
  const modules = path.join(root, 'node_modules');
  const stamp = path.join(modules, '.switchboard-install-stamp');
  let current;
  try {
    current = fs.readFileSync(stamp, 'utf8').trim();
  } catch {}
  if (current === depsHash()) return;
  // node_modules installed by hand before this script existed: npm's own record of the install
  // (.package-lock.json) being newer than both manifests means it is current; adopt it.
  const npmRecord = mtime(path.join(modules, '.package-lock.json'));
  const manifests = Math.max(mtime(path.join(root, 'package.json')) ?? 0, mtime(path.join(root, 'package-lock.json')) ?? 0);
  if (current === undefined && npmRecord !== undefined && npmRecord >= manifests) {
    fs.writeFileSync(stamp, depsHash());
    say('npm dependencies: existing node_modules is current');
    return;
  }
  const started = Date.now();
  const ci = fs.existsSync(path.join(root, 'package-lock.json'));
  const why = !fs.existsSync(modules) ? 'no node_modules' : 'package.json or package-lock.json changed';
  say(`npm dependencies: ${why}, running npm ${ci ? 'ci' : 'install'}`);
  try {
    run('npm', [ci ? 'ci' : 'install', '--no-audit', '--no-fund']);
  } catch (err) {
    if (!ci) throw err;
    // Typically "package.json and package-lock.json are not in sync"; npm install repairs the lockfile.
    say(`npm dependencies: ${err.message}\nnpm dependencies: running npm install instead, which may rewrite package-lock.json`);
    run('npm', ['install', '--no-audit', '--no-fund']);
  }
  // After the install: `npm install` may have written the lockfile.
  fs.writeFileSync(stamp, depsHash());
  say(`npm dependencies: installed in ${elapsed(started)}`);
}

function newestIn(dir, skip) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (skip.includes(entry.name)) continue;
    const file = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(file, []) : mtime(file) ?? 0);
  }
  return newest;
}

function adminUi() {
  const ui = path.join(root, 'admin-ui');
  const config = path.join(ui, 'vite.config.ts');
  if (!fs.existsSync(config)) {
    say('admin UI: admin-ui/vite.config.ts does not exist yet, not built');
    return;
  }
  const built = mtime(path.join(ui, 'dist', 'index.html'));
  if (built !== undefined && built >= newestIn(ui, ['dist', 'node_modules'])) return;
  const started = Date.now();
  run(path.join(root, 'node_modules', '.bin', 'vite'), ['build', '--config', 'admin-ui/vite.config.ts', '--logLevel', 'warn']);
  say(`admin UI: built admin-ui/dist in ${elapsed(started)}`);
}

function onPath(name) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir && fs.existsSync(path.join(dir, name)));
}

function chromium() {
  if (fs.existsSync('/usr/bin/chromium')) return;
  const howTo = 'apt-get install --no-install-recommends chromium (Debian)';
  // Only the browser tests need it: say what is missing and let the other tests run.
  if (process.getuid?.() !== 0 || !onPath('apt-get')) {
    say(`chromium: /usr/bin/chromium is missing, browser tests will fail; install it: sudo ${howTo}`);
    return;
  }
  const started = Date.now();
  say('chromium: installing Debian chromium for the browser tests (apt-get, takes a few minutes)');
  try {
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update', '-q'], { env });
    run('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'chromium'], { env });
    say(`chromium: installed in ${elapsed(started)}`);
  } catch (err) {
    say(`chromium: install failed, browser tests will fail; install it: ${howTo}\n${err.message}`);
  }
}

function dovecot() {
  if (fs.existsSync('/usr/sbin/dovecot')) return;
  const howTo = 'apt-get install --no-install-recommends dovecot-imapd (Debian)';
  // Only the e-mail channel tests need a real IMAP server: say what is missing and let the others run.
  if (process.getuid?.() !== 0 || !onPath('apt-get')) {
    say(`dovecot: /usr/sbin/dovecot is missing, the e-mail channel tests will fail; install it: sudo ${howTo}`);
    return;
  }
  const started = Date.now();
  say('dovecot: installing Debian dovecot-imapd for the e-mail channel tests (apt-get)');
  try {
    const env = { DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update', '-q'], { env });
    run('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'dovecot-imapd'], { env });
    say(`dovecot: installed in ${elapsed(started)}`);
  } catch (err) {
    say(`dovecot: install failed, the e-mail channel tests will fail; install it: ${howTo}\n${err.message}`);
  }
}

async function temporal(what) {
  try {
    if (what.includes('dev')) await resolveDevServer();
    if (what.includes('test')) await resolveTestServer();
  } catch (err) {
    throw new PrepareError(err.message);
  }
}

const steps = {
  deps: [npmDependencies],
  // TEMPORAL_ADDRESS set: `npm start` uses that cluster and needs no dev server.
  start: [npmDependencies, () => (process.env.TEMPORAL_ADDRESS ? undefined : temporal(['dev'])), adminUi],
  test: [npmDependencies, () => temporal(['dev', 'test']), adminUi, chromium, dovecot],
};

const mode = process.argv[2];
if (!steps[mode]) {
  say('usage: node engine/setup/prepare.mjs <deps|start|test>');
  process.exit(2);
}
try {
  for (const step of steps[mode]) await step();
} catch (err) {
  say(`\nprepare ${mode}: ${err instanceof PrepareError ? err.message : err.stack}`);
  process.exit(1);
}
