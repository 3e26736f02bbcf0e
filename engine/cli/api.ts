// `npm run api`: the HTTP API and the relay alone, against external PostgreSQL and Temporal.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startServices } from '../app/services.js';
import { run } from './run.js';
import { keyringFor } from '../app/keyring.js';
import { requireExternal } from './external.js';

const uiDir = fileURLToPath(new URL('../../admin-ui/dist/', import.meta.url));

run(async (config, logger) => {
  const { databaseUrl, temporalAddress } = requireExternal(config, 'api');
  const services = await startServices({
    databaseUrl,
    // Never a key of its own: every process of the installation must hold the same keys.
    keyring: await keyringFor(config, logger, { create: false }),
    temporalAddress,
    namespace: config.temporalNamespace,
    logger,
    api: { port: config.port, host: config.host, publicUrl: config.publicUrl, tokenTtlMs: config.tokenTtlMs, uiDir: existsSync(uiDir) ? uiDir : undefined },
    backgroundNice: config.backgroundNice,
    mail: config.smtpUrl ? { smtpUrl: config.smtpUrl, from: config.mailFrom } : undefined,
  });
  await services.server!.start();
  logger.info({ url: config.publicUrl }, 'API listening');
  return services.stop;
});
