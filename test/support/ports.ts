import { readFileSync } from 'node:fs';
import net from 'node:net';

// Ports the kernel hands out with listen(0) are ephemeral ports: every outgoing connection takes its
// local port from the same range, and keeps it for 60 s after closing (TIME_WAIT), so a server started
// later on such a port (or on the next ones) may find it taken — embedded PostgreSQL then exits at start.
// Test servers take their ports below that range instead.
function ephemeralFloor(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 32768;
  } catch {
    return 32768;
  }
}

/** A free TCP port on loopback below the ephemeral range, with `span` free ports after it when asked (for PORT+n servers). */
export async function freePort(span = 0): Promise<number> {
  const low = 10_000;
  const high = Math.max(low + 1000, ephemeralFloor()) - span - 1;
  for (let attempt = 0; attempt < 200; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low));
    let ok = true;
    for (let i = 0; i <= span && ok; i++) ok = await isFree(port + i);
    if (ok) return port;
  }
  throw new Error('no free port range found');
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}
