// A real IMAP server on loopback for the e-mail channel tests: Debian's Dovecot (installed by
// `engine/setup/prepare.mjs test`) in a temporary folder with its own config, one mailbox user and
// plain-text login (loopback only). Messages arrive by IMAP APPEND, as a mail server would file them.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { freePort } from './ports.js';

export interface ImapStand {
  /** imap://user:password@127.0.0.1:port */
  url: string;
  /** Files a raw message in the INBOX (as delivery would). */
  deliver(raw: string): Promise<void>;
  stop(): Promise<void>;
}

const DOVECOT = '/usr/sbin/dovecot';

/** `idle: false` makes a server that does not offer IDLE (its clients must poll). */
export async function startImapStand(user = 'support@example.com', password = 'mailbox-password', o: { idle?: boolean } = {}): Promise<ImapStand> {
  const dir = mkdtempSync(path.join(tmpdir(), 'switchboard-imap-'));
  // Dovecot refuses to keep mail as root: the mailbox belongs to `nobody` when the tests run as root.
  const root = process.getuid?.() === 0;
  const uid = root ? 65534 : process.getuid!();
  const gid = root ? 65534 : process.getgid!();
  chmodSync(dir, 0o755);
  const mail = path.join(dir, 'mail');
  mkdirSync(mail);
  if (root) chownSync(mail, uid, gid);
  const port = await freePort();
  writeFileSync(path.join(dir, 'passwd'), `${user}:{PLAIN}${password}::::::\n`);
  const self = root ? {} : { default_internal_user: process.env.USER ?? 'nobody', default_login_user: process.env.USER ?? 'nobody' };
  const config = [
    `base_dir = ${dir}/run`,
    `state_dir = ${dir}/state`,
    `log_path = ${dir}/dovecot.log`,
    'protocols = imap',
    'listen = 127.0.0.1',
    'ssl = no',
    'disable_plaintext_auth = no',
    'auth_mechanisms = plain login',
    `first_valid_uid = ${uid}`,
    ...Object.entries(self).map(([k, v]) => `${k} = ${v}`),
    `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u ${dir}/passwd\n}`,
    `userdb {\n  driver = static\n  args = uid=${uid} gid=${gid} home=${mail}/%n\n}`,
    'mail_location = maildir:~/Maildir',
    ...(o.idle === false ? ['imap_capability = IMAP4rev1 LITERAL+ SASL-IR LOGIN-REFERRALS ID ENABLE UIDPLUS MOVE NAMESPACE'] : []),
    `service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
    'service anvil {\n  chroot =\n}',
    'service imap-login {\n  chroot =\n}',
  ].join('\n');
  const file = path.join(dir, 'dovecot.conf');
  writeFileSync(file, `${config}\n`);
  const child: ChildProcess = spawn(DOVECOT, ['-F', '-c', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  await listening(port, () => (child.exitCode !== null ? `dovecot exited: ${stderr}` : undefined));
  const url = `imap://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`;

  return {
    url,
    async deliver(raw) {
      const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: password }, logger: false });
      await client.connect();
      try {
        await client.append('INBOX', raw);
      } finally {
        await client.logout();
      }
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function listening(port: number, failed: () => string | undefined): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const why = failed();
    if (why) throw new Error(why);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`dovecot did not listen on ${port}`);
}
