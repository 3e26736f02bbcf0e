import net from 'node:net';

/** A free TCP port on loopback, with `span` free ports after it when asked (for PORT+n servers). */
export async function freePort(span = 0): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = net.createServer();
      srv.once('error', reject);
      srv.listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as net.AddressInfo;
        srv.close(() => resolve(port));
      });
    });
    if (port + span > 65530) continue;
    let ok = true;
    for (let i = 1; i <= span && ok; i++) ok = await isFree(port + i);
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
