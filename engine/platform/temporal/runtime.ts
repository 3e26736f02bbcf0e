import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import type { Logger } from 'pino';

let installed = false;

/**
 * Routes the Temporal SDK's own logs (worker state changes, …) into ours, warnings and up; with
 * `metricsAddress`, the SDK serves its worker metrics (workflow task latency and failures, pollers,
 * slots, sticky cache) for Prometheus at http://<metricsAddress>/metrics.
 */
export function installTemporalLogging(logger: Logger, metricsAddress?: string) {
  if (installed) return;
  installed = true;
  const sink = new DefaultLogger('WARN', ({ level, message, meta }) => {
    const method = level === 'ERROR' ? 'error' : 'warn';
    logger[method]({ temporal: meta }, message);
  });
  try {
    Runtime.install({
      logger: sink,
      ...(metricsAddress
        ? { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsAddress, countersTotalSuffix: true, useSecondsForDurations: true } } } }
        : {}),
    });
    if (metricsAddress) logger.info({ url: `http://${metricsAddress}/metrics` }, 'worker metrics (Temporal SDK) served');
  } catch {
    // A runtime already exists in this process (e.g. a test environment made it): keep it.
  }
}

export type { LogLevel };
