// The agent's inbox, open during the bench as it is during a working day: the live events stream
// (`GET /api/events`), read and counted, so the load includes describing and streaming every change.
import http from 'node:http';

export interface LiveStream {
  /** Events received so far (keep-alives and the first `ready` not counted). */
  events(): number;
  close(): void;
}

export function openLiveStream(base: string, token: string): Promise<LiveStream> {
  return new Promise((resolve, reject) => {
    let events = 0;
    const req = http.get(`${base}/api/events`, { headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` } }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`bench: the live stream answered ${res.statusCode}`));
      res.setEncoding('utf8');
      let buffer = '';
      res.on('data', (chunk: string) => {
        buffer += chunk;
        const frames = buffer.split('\n\n');
        buffer = frames.pop()!;
        for (const f of frames) if (f.includes('\ndata:') && !f.includes('event: ready')) events++;
      });
      res.on('error', () => undefined);
      resolve({ events: () => events, close: () => req.destroy() });
    });
    req.on('error', reject);
  });
}
