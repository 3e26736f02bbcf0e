// Who holds a loopback TCP port, so a server that cannot bind says by whom rather than just "it exited".
import { readdir, readFile, readlink } from 'node:fs/promises';
import net from 'node:net';
import type { Logger } from 'pino';

export interface PortHolder {
  /** LISTEN: a server; otherwise a connection whose local end took the port (an ephemeral port). */
  state: 'listening' | 'connection' | 'time-wait';
  pid?: number;
  command?: string;
}

/** Whether a listener could bind 127.0.0.1:port right now. */
export function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

type Found = { inode: string; state: PortHolder['state'] };

async function socketsOnPort(port: number): Promise<Found[]> {
  const found: Found[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    const text = await readFile(file, 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10) continue;
      const localPort = parseInt(cols[1].split(':')[1] ?? '', 16);
      // 0A is LISTEN. A closed outgoing connection stays in TIME_WAIT (06) for 60 s with no owner, and
      // still stops a bind on its local port: the connection did not set SO_REUSEADDR.
      if (localPort !== port) continue;
      found.push({ inode: cols[9], state: cols[3] === '0A' ? 'listening' : cols[3] === '06' ? 'time-wait' : 'connection' });
    }
  }
  return found;
}

/** The process holding the port (Linux /proc; as far as this user may see), or undefined if none is found. */
export async function portHolder(port: number): Promise<PortHolder | undefined> {
  const sockets = await socketsOnPort(port);
  if (sockets.length === 0) return undefined;
  const chosen = sockets.find((s) => s.state === 'listening') ?? sockets.find((s) => s.state === 'connection') ?? sockets[0];
  const holder: PortHolder = { state: chosen.state };
  if (chosen.state === 'time-wait') return holder;
  const target = `socket:[${chosen.inode}]`;
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((p) => /^\d+$/.test(p));
  for (const pid of pids) {
    const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
    for (const fd of fds) {
      if ((await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')) !== target) continue;
      holder.pid = Number(pid);
      holder.command = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0').filter(Boolean).join(' ').slice(0, 200);
      return holder;
    }
  }
  return holder;
}

export function describeHolder(port: number, h: PortHolder | undefined): string {
  if (!h) return `port ${port} is free now`;
  const who = h.pid ? `process ${h.pid} (${h.command || 'unknown command'})` : 'a process this user cannot see';
  const hint = `an ephemeral port (from ${ephemeralFloor()}): choose ports below it`;
  if (h.state === 'listening') return `port ${port} is taken by a server: ${who}`;
  if (h.state === 'time-wait') return `port ${port} was the local end of an outgoing connection that closed less than 60 s ago (TIME_WAIT; ${hint})`;
  return `port ${port} is the local end of an outgoing connection of ${who} (${hint})`;
}

let floor: number | undefined;
/** Start of the kernel's ephemeral port range (where connect() picks local ports). */
export function ephemeralFloor(): number {
  return floor ?? 32768;
}
export async function loadEphemeralRange(): Promise<[number, number]> {
  const text = await readFile('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').catch(() => '32768 60999');
  const [lo, hi] = text.trim().split(/\s+/).map(Number);
  floor = lo;
  return [lo, hi];
}

/** A port held by a connection (open or in TIME_WAIT) frees itself within about a minute. */
export const TRANSIENT_WAIT_MS = 75_000;

/** A server on a port in the ephemeral range may be another program's short-lived listen(0). */
const LISTENER_WAIT_MS = 10_000;

/**
 * Waits until `server` could bind each port: a port held by an outgoing connection (its ephemeral local
 * port, open or in TIME_WAIT for 60 s after it closed) frees itself and is waited for; a server on it is
 * named after a short wait, and so is a port still held when the wait ends.
 */
export async function waitForFreePorts(ports: number[], server: string, logger: Logger, hint: string): Promise<void> {
  const [ephemeralLow, ephemeralHigh] = await loadEphemeralRange();
  const inRange = ports.filter((p) => p >= ephemeralLow && p <= ephemeralHigh);
  if (inRange.length) {
    logger.warn({ ports: inRange }, `${server}'s port ${inRange.join(', ')} is in the kernel's ephemeral range (${ephemeralLow}-${ephemeralHigh}), where outgoing connections take their local ports; a PORT below ${ephemeralLow} avoids waiting for one`);
  }
  const started = Date.now();
  for (const port of ports) {
    for (let attempt = 1; !(await portIsFree(port)); attempt++) {
      const holder = await portHolder(port);
      const waited = Date.now() - started;
      if (waited > (holder?.state === 'listening' ? LISTENER_WAIT_MS : TRANSIENT_WAIT_MS)) {
        throw new Error(`${server} cannot start on port ${port}: ${describeHolder(port, holder)}. ${hint}`);
      }
      if (attempt === 1) logger.warn({ port, holder }, `${server}'s port is held: ${describeHolder(port, holder)}; waiting for it to free itself`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
