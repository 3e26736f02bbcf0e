import { ConfigError, type Config } from '../app/config.js';

/** Parts started alone scale out beside `npm start`, so they need its servers named explicitly. */
export function requireExternal(config: Config, part: string) {
  if (!config.databaseUrl || !config.temporalAddress) {
    throw new ConfigError(
      `npm run ${part} needs DATABASE_URL and TEMPORAL_ADDRESS (the servers of a running \`npm start\`, or your own): ` +
        `${!config.databaseUrl ? 'DATABASE_URL' : 'TEMPORAL_ADDRESS'} is unset`,
    );
  }
  return { databaseUrl: config.databaseUrl, temporalAddress: config.temporalAddress };
}
