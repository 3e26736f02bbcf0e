// The servers `npm start` brings along when none is configured: embedded PostgreSQL and the
// Temporal dev server, both persisted under the data folder.
import path from 'node:path';
import type { Logger } from 'pino';
import { embeddedPorts, type Config } from '../../app/config.js';
import { resolveDevServer } from '../temporal/binaries.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { startDevServer } from './temporal-dev-server.js';

export interface LocalStack {
  databaseUrl: string;
  temporalAddress: string;
  temporalUiUrl?: string;
  embedded: { postgres: boolean; temporal: boolean };
  stop(): Promise<void>;
}

export async function startLocalStack(config: Config, logger: Logger): Promise<LocalStack> {
  const ports = embeddedPorts(config);
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((err) => logger.warn({ err }, 'stopping a local server failed'));
  };
  try {
    let databaseUrl = config.databaseUrl;
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres({ dir: config.dataDir, port: ports.postgres, logger });
      stops.push(pg.stop);
      await pg.ensureDatabase('switchboard');
      databaseUrl = pg.urlFor('switchboard');
    }
    let temporalAddress = config.temporalAddress;
    let temporalUiUrl: string | undefined;
    if (!temporalAddress) {
      const binary = await resolveDevServer({ log: (line: string) => logger.info(line) });
      const temporal = await startDevServer({
        binary,
        dir: path.join(config.dataDir, 'temporal'),
        namespace: config.temporalNamespace,
        ports: { grpc: ports.temporal, ui: ports.temporalUi, http: ports.temporalHttp, metrics: ports.temporalMetrics },
        logger,
        // measurements only: SWITCHBOARD_DEV_SERVER_TUNING=off starts it with the stock settings
        tuned: process.env.SWITCHBOARD_DEV_SERVER_TUNING !== 'off',
        nice: config.backgroundNice,
      });
      stops.push(temporal.stop);
      temporalAddress = temporal.address;
      temporalUiUrl = temporal.uiUrl;
    }
    return {
      databaseUrl,
      temporalAddress,
      temporalUiUrl,
      embedded: { postgres: !config.databaseUrl, temporal: !config.temporalAddress },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
