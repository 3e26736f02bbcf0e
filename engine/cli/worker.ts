// `npm run worker`: one more Temporal worker, against external PostgreSQL and Temporal.
import path from 'node:path';
import { startServices } from '../app/services.js';
import { cacheDir } from '../platform/temporal/binaries.js';
import { requireExternal } from './external.js';
import { run } from './run.js';
import { lowerPriority } from '../platform/priority.js';
import { keyringFor } from '../app/keyring.js';

run(async (config, logger) => {
  const { databaseUrl, temporalAddress } = requireExternal(config, 'worker');
  // Before the worker's threads start, so that they inherit it: acks and agents come first.
  if (lowerPriority(process.pid, config.backgroundNice)) logger.info({ nice: config.backgroundNice }, 'worker runs at a lower CPU priority than the API');
  const services = await startServices({
    databaseUrl,
    // Never a key of its own: every process of the installation must hold the same keys.
    keyring: await keyringFor(config, logger, { create: false }),
    temporalAddress,
    namespace: config.temporalNamespace,
    logger,
    worker: true,
    backgroundNice: config.backgroundNice,
    ...(config.workerMetricsAddress ? { workerMetricsAddress: config.workerMetricsAddress } : {}),
    cacheDir: path.join(cacheDir(), 'workflow-bundles'),
  });
  logger.info({ temporalAddress }, 'worker polling');
  return services.stop;
});
