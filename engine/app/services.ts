// The running parts of Switchboard over a database and a Temporal connection: the worker, the relay
// and the HTTP server. The CLI and the tests compose the same pieces.
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { Logger } from 'pino';
import { startRelayThread, type RelayThread } from '../features/inbound/relay-thread.js';
import { createLiveNotifier, pokingAfterEach, type LiveNotifier } from '../features/live/notify.js';
import { startMailer, type Mailer } from '../features/notifications/mailer.js';
import { startRoutingDispatcher, type RoutingDispatcher } from '../features/routing/dispatcher.js';
import { createDb, migrate, type Db } from '../platform/database.js';
import { installKeyring, processKeyring, temporalDataConverter, type Keyring } from '../platform/crypto/index.js';
import { installTemporalLogging } from '../platform/temporal/runtime.js';
import { createWorker, pollersInEffect, workflowBundle } from '../platform/temporal/worker.js';
import type { LocalStack } from '../platform/local/stack.js';
import { cacheDir } from '../platform/temporal/binaries.js';
import { startAllPolling } from '../features/polling/schedule.js';
import { createActivities } from './activities.js';
import type { Config } from './config.js';
import { createServer, type SwitchboardServer } from './server.js';
import { ensureRetentionSchedule } from '../features/retention/schedule.js';
import { createRetentionActivities } from '../features/retention/activities.js';

export interface ServicesOptions {
  databaseUrl: string;
  temporalAddress: string;
  namespace: string;
  logger: Logger;
  api?: { port: number; host: string; publicUrl: string; uiDir?: string; /** Bearer token lifetime (default 12 h). */ tokenTtlMs?: number; temporalUiUrl?: string };
  worker?: boolean;
  /** Where the workflow bundle is cached between starts. */
  cacheDir?: string;
  /** Outbound HTTP for the connectors (tests may count calls; never a fake provider). */
  fetch?: typeof fetch;
  /** Tests use their own task queue per file. */
  taskQueue?: string;
  /** Deliver the notification e-mails (SMTP_URL, MAIL_FROM); absent: they wait in the outbox. */
  mail?: { smtpUrl: string; from?: string };
  /** Keys of encryption at rest (keyringFor); absent: the keyring already installed in this process. */
  keyring?: Keyring;
  /** Nice value of the relay thread (SWITCHBOARD_BACKGROUND_NICE): webhook acks come first. */
  backgroundNice?: number;
  /** host:port for the worker's Temporal SDK metrics (SWITCHBOARD_WORKER_METRICS). */
  workerMetricsAddress?: string;
}

export interface Services {
  db: Db;
  client: Client;
  server?: SwitchboardServer;
  relay?: RelayThread;
  mailer?: Mailer;
  /** Wakes conversations waiting for an agent when capacity appears (runs beside the relay). */
  routing?: RoutingDispatcher;
  worker?: Worker;
  stop(): Promise<void>;
}

/** Everything in one process over the local stack's servers (`npm start`, the bench). */
export function oneProcessOptions(config: Config, stack: Pick<LocalStack, 'databaseUrl' | 'temporalAddress'>, logger: Logger): ServicesOptions & { api: NonNullable<ServicesOptions['api']> } {
  return {
    databaseUrl: stack.databaseUrl,
    temporalAddress: stack.temporalAddress,
    namespace: config.temporalNamespace,
    logger,
    worker: true,
    ...(config.workerMetricsAddress ? { workerMetricsAddress: config.workerMetricsAddress } : {}),
    cacheDir: path.join(cacheDir(), 'workflow-bundles'),
    api: { port: config.port, host: config.host, publicUrl: config.publicUrl, tokenTtlMs: config.tokenTtlMs },
    backgroundNice: config.backgroundNice,
  };
}

export async function startServices(o: ServicesOptions): Promise<Services> {
  // Sealed values in PostgreSQL and Temporal payloads use the same keys (platform/crypto).
  if (o.keyring) installKeyring(o.keyring, { onFailure: (err) => o.logger.warn({ err: err.message }, 'a stored value looks encrypted but does not open; it is shown as stored') });
  const dataConverter = temporalDataConverter(processKeyring());
  const db = createDb(o.databaseUrl);
  await migrate(db);
  const connection = await Connection.connect({ address: o.temporalAddress });
  const client = new Client({ connection, namespace: o.namespace, dataConverter });

  let worker: Worker | undefined;
  let workerRun: Promise<void> | undefined;
  let nativeConnection: NativeConnection | undefined;
  let live: LiveNotifier | undefined;
  // The worker's activities get their own connections, so a burst of webhooks cannot starve the
  // conversations' workflow tasks of them.
  const workerDb = o.worker ? createDb(o.databaseUrl, 20, { backgroundNice: o.backgroundNice }) : undefined;
  if (o.worker) {
    installTemporalLogging(o.logger, o.workerMetricsAddress);
    live = createLiveNotifier(workerDb!, o.logger);
    nativeConnection = await NativeConnection.connect({ address: o.temporalAddress });
    worker = await createWorker({
      connection: nativeConnection,
      namespace: o.namespace,
      bundle: await workflowBundle(o.cacheDir, o.logger),
      // Each activity wakes the live hubs once done: its changes may be events to send now.
      activities: { ...pokingAfterEach(createActivities({ db: workerDb!, fetch: o.fetch }), live), ...createRetentionActivities(workerDb!, client) },
      taskQueue: o.taskQueue,
      dataConverter,
    });
    o.logger.info({ pollers: pollersInEffect(worker) }, 'workflow-task pollers in effect');
    workerRun = worker.run().catch((err) => {
      o.logger.fatal({ err }, 'the Temporal worker stopped');
    });
    // Channels without push are polled by a workflow each; one may have been created while no worker ran.
    await startAllPolling(db, client, o.taskQueue);
  }

  if (o.worker || o.api) await ensureRetentionSchedule(client, o.logger, o.taskQueue);

  let relay: RelayThread | undefined;
  let routing: RoutingDispatcher | undefined;
  let server: SwitchboardServer | undefined;
  const mailer = o.mail
    ? startMailer({ db, smtpUrl: o.mail.smtpUrl, from: o.mail.from, databaseUrl: o.databaseUrl, logger: o.logger })
    : undefined;
  if (o.api) {
    relay = await startRelayThread({
      databaseUrl: o.databaseUrl,
      temporalAddress: o.temporalAddress,
      namespace: o.namespace,
      logger: o.logger,
      keyring: processKeyring(),
      // between the acks (0) and the worker: linking is what makes messages visible
      nice: Math.ceil((o.backgroundNice ?? 0) / 2),
      ...(o.taskQueue ? { taskQueue: o.taskQueue } : {}),
    });
    routing = startRoutingDispatcher({ db, client, databaseUrl: o.databaseUrl, logger: o.logger });
    server = await createServer(
      {
        db,
        databaseUrl: o.databaseUrl,
        temporal: client,
        namespace: o.namespace,
        logger: o.logger,
        publicUrl: o.api.publicUrl,
        uiDir: o.api.uiDir,
        temporalUiUrl: o.api.temporalUiUrl,
        tokenTtlMs: o.api.tokenTtlMs,
        workerRunning: worker ? () => worker!.getState() === 'RUNNING' : undefined,
        onRecorded: () => relay!.recorded(),
        onWebhookAnswered: (ms) => relay?.acked(ms),
        onAgentActs: () => relay?.agentActs() ?? (() => undefined),
      },
      { port: o.api.port, host: o.api.host },
    );
  }

  return {
    db,
    client,
    server,
    relay,
    mailer,
    routing,
    worker,
    async stop() {
      await server?.stop({ timeout: 5000 });
      await relay?.stop();
      await mailer?.stop();
      await routing?.stop();
      if (worker && worker.getState() === 'RUNNING') worker.shutdown();
      await workerRun;
      live?.stop();
      await nativeConnection?.close();
      await connection.close();
      await workerDb?.destroy();
      await db.destroy();
    },
  };
}
