// Finds or builds the two Temporal server programs (see shared/design/temporal-binaries.md).
// Plain Node, no npm dependencies: it runs before node_modules exists.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http2 from 'node:http2';
import os from 'node:os';
import path from 'node:path';

export const CLI_VERSION = '1.5.1';
export const TEST_SERVER_VERSION = '1.39.0';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function cacheDir() {
  const env = process.env;
  if (env.SWITCHBOARD_CACHE_DIR) return path.resolve(env.SWITCHBOARD_CACHE_DIR);
  if (env.XDG_CACHE_HOME) return path.join(path.resolve(env.XDG_CACHE_HOME), 'switchboard');
  return path.join(os.homedir(), '.cache', 'switchboard');
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, name))) return path.resolve(dir, name);
  }
  return undefined;
}

function fromEnv(variable) {
  const value = process.env[variable];
  if (!value) return undefined;
  // An explicit setting that is wrong must not silently fall back to something else.
  if (!isExecutable(value)) throw new Error(`${variable}=${value} is not an executable file`);
  return path.resolve(value);
}

/** The SDK's own download (`cached-download`) lands in the OS temp dir as `<prefix>-sdk-typescript-<version>`. */
function sdkDownload(prefix) {
  const pattern = new RegExp(`^${prefix}-sdk-typescript-\\d[\\w.-]*$`);
  const tmp = os.tmpdir();
  let names = [];
  try {
    names = fs.readdirSync(tmp).filter((name) => pattern.test(name) && !name.endsWith('.downloading'));
  } catch {
    return undefined;
  }
  const found = names.map((name) => path.join(tmp, name)).filter(isExecutable);
  found.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  return found[0];
}

function processAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** Runs fn while holding lockFile, so that two processes sharing the cache never build at once. */
async function withLock(lockFile, log, what, fn) {
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  let told = false;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    let holder = NaN;
    let age = 0;
    try {
      holder = Number(fs.readFileSync(lockFile, 'utf8'));
      age = Date.now() - fs.statSync(lockFile).mtimeMs;
    } catch {
      continue; // released meanwhile
    }
    // A killed builder leaves its lock behind; an empty file is one being written right now.
    const stale = holder > 0 ? !processAlive(holder) : age > 10_000;
    if (stale) {
      fs.rmSync(lockFile, { force: true });
      continue;
    }
    if (!told) log(`${what}: waiting for process ${holder || '?'} that is building it (${lockFile})`);
    told = true;
    await sleep(2000);
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}

/** Runs a command with its output in logFile; rejects with the tail of that log. */
function run(command, args, { logFile, env, cwd }) {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(logFile, 'a');
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', out, out] });
    child.on('error', (err) => {
      fs.closeSync(out);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      fs.closeSync(out);
      if (code === 0) return resolve();
      const tail = fs.readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-15).join('\n');
      reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}); log ${logFile}:\n${tail}`));
    });
  });
}

/** Temp dirs of builds that were killed; only called while holding the lock. */
function removeLeftovers(cache, name) {
  for (const entry of fs.readdirSync(cache)) {
    if (entry.startsWith(`${name}.tmp-`)) fs.rmSync(path.join(cache, entry), { recursive: true, force: true });
  }
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(0)} s`;
}

// ---------------------------------------------------------------------------------------------
// Dev server: the Temporal CLI.

const CLI_NAME = `temporal-cli-${CLI_VERSION}`;

async function buildCli(cache, log) {
  if (!onPath('go')) throw new Error('`go` is not on PATH');
  const final = path.join(cache, CLI_NAME, 'temporal');
  return withLock(path.join(cache, `${CLI_NAME}.lock`), log, 'temporal dev server', async () => {
    if (isExecutable(final)) return final; // another process built it while we waited
    const started = Date.now();
    removeLeftovers(cache, CLI_NAME);
    const tmp = fs.mkdtempSync(path.join(cache, `${CLI_NAME}.tmp-`));
    const logFile = path.join(cache, `${CLI_NAME}.build.log`);
    fs.writeFileSync(logFile, '');
    log(`temporal dev server: building temporal CLI v${CLI_VERSION} with go install (several minutes, once per machine; log ${logFile})`);
    try {
      await run('go', ['install', `github.com/temporalio/cli/cmd/temporal@v${CLI_VERSION}`], {
        logFile,
        // GOBIN in a temp dir + rename: a killed build never leaves a half-written binary in the cache.
        env: { GOBIN: tmp, GOFLAGS: '-mod=mod' },
      });
      fs.mkdirSync(path.dirname(final), { recursive: true });
      fs.renameSync(path.join(tmp, 'temporal'), final);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
    return { path: final, took: seconds(started) };
  });
}

/** Absolute path of the `temporal` CLI, whose `server start-dev` is the dev server. */
export async function resolveDevServer({ log = console.error, build = true } = {}) {
  const say = (source, file) => {
    log(`temporal dev server: ${source} (${file})`);
    return file;
  };
  const explicit = fromEnv('TEMPORAL_CLI_PATH');
  if (explicit) return say('TEMPORAL_CLI_PATH', explicit);
  const onPathCli = onPath('temporal');
  if (onPathCli) return say('PATH', onPathCli);
  const cache = cacheDir();
  const cached = path.join(cache, CLI_NAME, 'temporal');
  if (isExecutable(cached)) return say('cache', cached);
  let buildError;
  if (build) {
    try {
      const built = await buildCli(cache, log);
      if (typeof built === 'string') return say('cache', built);
      return say(`built with go install in ${built.took}`, built.path);
    } catch (err) {
      buildError = err;
    }
  }
  const sdk = sdkDownload('temporal');
  if (sdk) return say('Temporal SDK download', sdk);
  throw new Error(
    [
      'The Temporal CLI (dev server) is not available. Either:',
      `  - install Go >= 1.25 and run \`node engine/setup/prepare.mjs start\`: it builds temporal CLI v${CLI_VERSION}`,
      `    from the Go module proxy (GOFLAGS=-mod=mod go install github.com/temporalio/cli/cmd/temporal@v${CLI_VERSION})`,
      `    once into ${path.dirname(cached)};`,
      '  - or set TEMPORAL_CLI_PATH to a `temporal` binary (or put one on PATH).',
      ...(buildError ? [`Building it failed: ${buildError.message}`] : []),
      ...(build ? [] : ['(Not built here: this caller only looks for a ready binary.)']),
    ].join('\n'),
  );
}

// ---------------------------------------------------------------------------------------------
// Time-skipping test server: Temporal's Java test server, from Maven Central.

const TS_NAME = `temporal-test-server-${TEST_SERVER_VERSION}`;
const TS_MAIN = 'io.temporal.testserver.TestServer';
// The SDK gives the server 5 s to answer, on a 2-core machine that may be busy with other tests;
// a plain `java -cp` took 1-6 s there. A serial GC and C1 only start the JVM faster, the
// class-data-sharing archive (app.jsa) spares it parsing and verifying ~2400 classes of the
// class path: 0.4-1.1 s. No perf-data file in /tmp per server started.
const JVM_FLAGS = ['-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-XX:-UsePerfData'];

const POM = `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.switchboard</groupId>
  <artifactId>temporal-test-server-classpath</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>${TEST_SERVER_VERSION}</version>
    </dependency>
    <!-- silences "SLF4J: Failed to load class StaticLoggerBinder" on every start -->
    <dependency>
      <groupId>org.slf4j</groupId>
      <artifactId>slf4j-nop</artifactId>
      <version>1.7.36</version>
    </dependency>
  </dependencies>
</project>
`;

const shellQuote = (s) => `'${s.replaceAll("'", `'\\''`)}'`;

/** The archive is only valid for the JVM that wrote it: remember which one that was. */
function jvmFingerprint(java) {
  const real = fs.realpathSync(java);
  const stat = fs.statSync(real);
  return `${real} ${stat.size} ${stat.mtimeMs}`;
}

/** Calls WorkflowService.GetSystemInfo (empty request) over plain HTTP/2: the SDK's own readiness check. */
function grpcReady(port) {
  return new Promise((resolve) => {
    const session = http2.connect(`http://127.0.0.1:${port}`);
    session.on('error', () => resolve(false));
    const req = session.request({
      ':method': 'POST',
      ':path': '/temporal.api.workflowservice.v1.WorkflowService/GetSystemInfo',
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    let status;
    req.on('response', (headers) => (status = headers[':status']));
    req.on('error', () => resolve(false));
    req.on('data', () => {});
    req.on('end', () => {
      session.close();
      resolve(status === 200);
    });
    req.end(Buffer.alloc(5)); // gRPC frame: uncompressed, length 0
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = http2.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Starts the server once with -XX:ArchiveClassesAtExit, serves one request, stops it with SIGTERM (which dumps). */
async function writeClassArchive(java, classpath, archive, logFile) {
  const port = await freePort();
  const tmpArchive = `${archive}.tmp`;
  fs.rmSync(tmpArchive, { force: true });
  const out = fs.openSync(logFile, 'a');
  const child = spawn(java, [...JVM_FLAGS, `-XX:ArchiveClassesAtExit=${tmpArchive}`, '-cp', classpath, TS_MAIN, String(port)], {
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const deadline = Date.now() + 60_000;
  let ready = false;
  while (!ready && Date.now() < deadline && child.exitCode === null) {
    await sleep(100);
    ready = await grpcReady(port);
  }
  child.kill('SIGTERM');
  await exited;
  if (!ready) throw new Error(`the test server did not answer on port ${port} within 60 s; log ${logFile}`);
  if (!fs.existsSync(tmpArchive)) throw new Error(`the JVM wrote no class archive; log ${logFile}`);
  fs.renameSync(tmpArchive, archive);
}

async function buildTestServer(cache, log) {
  const java = onPath('java');
  if (!java) throw new Error('`java` is not on PATH');
  if (!onPath('mvn')) throw new Error('`mvn` (Maven) is not on PATH');
  const dir = path.join(cache, TS_NAME);
  const script = path.join(dir, 'temporal-test-server');
  return withLock(path.join(cache, `${TS_NAME}.lock`), log, 'temporal test server', async () => {
    if (isExecutable(script) && readStamp(dir) === jvmFingerprint(java)) return script;
    const started = Date.now();
    const logFile = path.join(cache, `${TS_NAME}.build.log`);
    fs.writeFileSync(logFile, '');
    log(`temporal test server: fetching io.temporal:temporal-test-server:${TEST_SERVER_VERSION} with Maven (log ${logFile})`);
    // The script is written last: a directory without it is a killed build.
    fs.rmSync(dir, { recursive: true, force: true });
    removeLeftovers(cache, TS_NAME);
    const tmp = fs.mkdtempSync(path.join(cache, `${TS_NAME}.tmp-`));
    try {
      fs.writeFileSync(path.join(tmp, 'pom.xml'), POM);
      await run(
        'mvn',
        ['-q', '-B', '-f', path.join(tmp, 'pom.xml'),
          'org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies',
          `-DoutputDirectory=${path.join(tmp, 'lib')}`, '-DincludeScope=runtime'],
        { logFile },
      );
      fs.rmSync(path.join(tmp, 'pom.xml'));
      fs.renameSync(tmp, dir);
    } catch (err) {
      fs.rmSync(tmp, { recursive: true, force: true });
      throw err;
    }
    // The archive records the class path, so it is made at the final location, with the same spelling.
    const classpath = path.join(dir, 'lib', '*');
    const archive = path.join(dir, 'app.jsa');
    const flags = [...JVM_FLAGS];
    try {
      await writeClassArchive(java, classpath, archive, logFile);
      flags.push(`-XX:SharedArchiveFile=${archive}`, '-Xshare:auto');
    } catch (err) {
      log(`temporal test server: no class-data-sharing archive, it will start slower: ${err.message}`);
    }
    const quotedJava = shellQuote(fs.realpathSync(java));
    const body = [
      '#!/bin/sh',
      `# Temporal time-skipping test server ${TEST_SERVER_VERSION}, written by engine/setup/temporal-binaries.mjs.`,
      '# exec: stopping this process must stop the JVM. The SDK passes the port as the first argument.',
      `exec ${quotedJava} ${flags.map(shellQuote).join(' ')} -cp ${shellQuote(classpath)} ${TS_MAIN} "$@"`,
      '',
    ].join('\n');
    fs.chmodSync(dir, 0o755); // mkdtemp made it private
    fs.writeFileSync(path.join(dir, 'jvm'), jvmFingerprint(java));
    fs.writeFileSync(`${script}.tmp`, body, { mode: 0o755 });
    fs.renameSync(`${script}.tmp`, script);
    return { path: script, took: seconds(started) };
  });
}

function readStamp(dir) {
  try {
    return fs.readFileSync(path.join(dir, 'jvm'), 'utf8');
  } catch {
    return undefined;
  }
}

/** Path of an executable that runs the time-skipping test server (`<it> <port>`). */
export async function resolveTestServer({ log = console.error, build = true } = {}) {
  const say = (source, file) => {
    log(`temporal test server: ${source} (${file})`);
    return file;
  };
  const explicit = fromEnv('TEMPORAL_TEST_SERVER_PATH');
  if (explicit) return say('TEMPORAL_TEST_SERVER_PATH', explicit);
  const cache = cacheDir();
  const dir = path.join(cache, TS_NAME);
  const script = path.join(dir, 'temporal-test-server');
  const java = onPath('java');
  // After a JDK update the archive no longer matches the JVM: still usable, but slow to start.
  const fresh = java && readStamp(dir) === jvmFingerprint(java);
  if (isExecutable(script) && (fresh || !build)) {
    return say(fresh ? 'cache' : 'cache, stale for this JVM: run `node engine/setup/prepare.mjs test`', script);
  }
  let buildError;
  if (build) {
    try {
      const built = await buildTestServer(cache, log);
      if (typeof built === 'string') return say('cache', built);
      return say(`built with Maven in ${built.took}`, built.path);
    } catch (err) {
      buildError = err;
    }
  }
  const sdk = sdkDownload('temporal-test-server');
  if (sdk) return say('Temporal SDK download', sdk);
  throw new Error(
    [
      'The Temporal time-skipping test server is not available. Either:',
      '  - install Java 17 and Maven (Debian: apt-get install openjdk-17-jdk-headless maven) and run',
      `    \`node engine/setup/prepare.mjs test\`: it fetches io.temporal:temporal-test-server:${TEST_SERVER_VERSION}`,
      `    from Maven Central once into ${dir};`,
      '  - or set TEMPORAL_TEST_SERVER_PATH to an executable that runs it (`<executable> <port>`).',
      ...(buildError ? [`Building it failed: ${buildError.message}`] : []),
      ...(build ? [] : ['(Not built here: this caller only looks for a ready server.)']),
    ].join('\n'),
  );
}
