// A real SMTP server on loopback (the smtp-server package) that keeps what it receives, and can
// refuse recipients the way a mail provider does (temporary 4xx, permanent 5xx).
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export interface SmtpStand {
  url: string;
  received: ReceivedMail[];
  /** Decide per recipient: undefined accepts, a number refuses with that SMTP reply code. */
  refuse: (address: string) => number | undefined;
  /** Waits until a message to `to` arrived, or fails after `ms`. */
  mailTo(to: string, ms?: number): Promise<ReceivedMail>;
  stop(): Promise<void>;
}

export async function startSmtpStand(): Promise<SmtpStand> {
  const received: ReceivedMail[] = [];
  const stand = {} as SmtpStand;
  stand.received = received;
  stand.refuse = () => undefined;
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    onRcptTo(address, _session, callback) {
      const code = stand.refuse(address.address);
      if (code === undefined) return callback();
      const err = Object.assign(new Error(code >= 500 ? 'mailbox unavailable' : 'try again later'), { responseCode: code });
      callback(err);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  stand.url = `smtp://127.0.0.1:${port}`;
  stand.mailTo = async (to, ms = 15_000) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = received.find((m) => m.to.includes(to));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no e-mail to ${to} arrived in ${ms} ms`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  stand.stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return stand;
}
