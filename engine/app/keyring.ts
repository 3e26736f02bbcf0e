// The keys of encryption at rest for a process started from the command line: SWITCHBOARD_KEY,
// or the data folder's key file (created on the first start).
import type { Logger } from 'pino';
import { loadKeyring, type Keyring } from '../platform/crypto/index.js';
import type { Config } from './config.js';

export async function keyringFor(config: Config, logger: Logger, o: { create?: boolean } = {}): Promise<Keyring> {
  const { ring, source, created } = await loadKeyring({
    key: config.encryptionKey,
    oldKeys: config.oldEncryptionKeys,
    dataDir: config.dataDir,
    create: o.create,
  });
  if (created) logger.warn({ file: source }, 'created the encryption key of this data folder: back it up, without it the encrypted data cannot be read');
  logger.info({ source, keyId: ring.current.id, keys: ring.ids().length }, 'encryption at rest');
  return ring;
}
