import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from 'pino';

let installed = false;

/** Routes the Temporal SDK's own logs (worker state changes, …) into ours, warnings and up. */
export function installTemporalLogging(logger: Logger) {
  if (installed) return;
  installed = true;
  const sink = new DefaultLogger('WARN', ({ level, message, meta }) => {
    const method = level === 'ERROR' ? 'error' : 'warn';
    logger[method]({ temporal: meta }, message);
  });
  try {
    Runtime.install({ logger: sink });
  } catch {
    // A runtime already exists in this process (e.g. a test environment made it): keep it.
  }
}

export type { LogLevel };
