// `npm run rotate-key`: a new current encryption key in the data folder's key file, then every
// stored value re-encrypted under it (and private data stored before encryption encrypted), in
// batches. `-- --resume` re-encrypts under the current key without adding one: it finishes a run
// that stopped, and changes nothing after a finished one. With SWITCHBOARD_KEY set, the operator
// rotates by setting a new SWITCHBOARD_KEY (the old one in SWITCHBOARD_OLD_KEYS); this command then
// re-encrypts under it. Older keys stay in the keyring: Temporal histories keep what they sealed.
import { keyringFor } from '../app/keyring.js';
import { createLogger } from '../app/logger.js';
import { resealAll } from '../features/encryption/rotate.js';
import { addKeyToFile, installKeyring } from '../platform/crypto/index.js';
import { createDb, migrate } from '../platform/database.js';
import { databaseTarget } from './database-target.js';
import { configOrExit } from './run.js';

const config = configOrExit();
const logger = createLogger(config.logLevel);
const resume = process.argv.includes('--resume');
const say = (line: string) => process.stdout.write(`${line}\n`);

try {
  if (!config.encryptionKey && !resume) {
    // The key file of a data folder that never started is created first, then rotated: both keys hold.
    await keyringFor(config, logger);
    const added = await addKeyToFile(config.dataDir);
    say(`new current key ${added.id} added to the key file`);
  }
  const ring = await keyringFor(config, logger, { create: false });
  if (config.encryptionKey) say(`SWITCHBOARD_KEY is set: re-encrypting under it (${ring.current.id})`);
  installKeyring(ring);
  const target = await databaseTarget(config, logger);
  const db = createDb(target.url, 4, { asStored: true });
  try {
    await migrate(db);
    const counts = await resealAll(db, ring, {
      onBatch: (store, c) => logger.info({ store, ...c }, 'rotate-key: batch done'),
    });
    say(`re-encrypted under key ${ring.current.id}:`);
    for (const [store, c] of Object.entries(counts)) {
      say(`  ${store.padEnd(36)} ${String(c.rows).padStart(7)} rows  (${c.rekeyed} from older keys, ${c.sealed} from plaintext, ${c.failed} failed)`);
    }
    const failed = Object.values(counts).reduce((n, c) => n + c.failed, 0);
    if (failed > 0) {
      process.stderr.write(`switchboard: ${failed} values could not be opened (sealed with a key not in the keyring); they were left as they are\n`);
      process.exitCode = 1;
    }
    say('Running Switchboard processes seal with the key they started with: restart them, then run `npm run rotate-key -- --resume` to re-encrypt what they wrote meanwhile.');
  } finally {
    await db.destroy();
    await target.release();
  }
} catch (err) {
  process.stderr.write(`switchboard: rotate-key failed: ${(err as Error).message}\n`);
  process.exitCode = 1;
}
// A logger transport may keep the event loop alive: the command ends here.
process.exit(process.exitCode ?? 0);
