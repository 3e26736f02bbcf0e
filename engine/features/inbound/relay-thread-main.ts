// Inside the relay thread (relay-thread.ts): the relay with a database pool, a Temporal client and
// a logger of its own, the process's keys, and its hand-over figures sent to the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { Client, Connection } from '@temporalio/client';
import { createLogger } from '../../app/logger.js';
import { installKeyring, Keyring, processKeyring, temporalDataConverter } from '../../platform/crypto/index.js';
import { createDb } from '../../platform/database.js';
import { lowerThisThread } from '../../platform/priority.js';
import { startRelay } from './relay.js';
import type { RelayThreadData, RelayThreadMessage, RelayThreadReport } from './relay-thread.js';

const data = workerData as RelayThreadData;
// This thread yields to the webhooks' main thread.
lowerThisThread(data.nice);
const port = parentPort!;
const send = (m: RelayThreadReport) => port.postMessage(m);

installKeyring(new Keyring(data.keys.current, data.keys.older));
const logger = createLogger(data.logLevel).child({ component: 'relay-thread' });
const db = createDb(data.databaseUrl, 10, { backgroundNice: data.nice });
const connection = await Connection.connect({ address: data.temporalAddress });
const client = new Client({ connection, namespace: data.namespace, dataConverter: temporalDataConverter(processKeyring()) });

// Figures go to the main thread's metrics in batches, not one message per hand-over.
let handedOver: number[] = [];
let failed = 0;
let evaluated = 0;
let joined = 0;
const flush = () => {
  if (handedOver.length === 0 && failed === 0 && evaluated === 0 && joined === 0) return;
  send({ figures: { handedOver, failed, evaluated, joined } });
  handedOver = [];
  failed = 0;
  evaluated = 0;
  joined = 0;
};
const flushing = setInterval(flush, 250);

const relay = startRelay({
  db,
  client,
  databaseUrl: data.databaseUrl,
  logger,
  ...(data.taskQueue ? { taskQueue: data.taskQueue } : {}),
  figures: { handedOver: (s) => handedOver.push(s), failed: () => (failed += 1), evaluated: (n) => (evaluated += n), joined: (n) => (joined += n) },
});

port.on('message', (m: RelayThreadMessage) => {
  if (typeof m === 'object') {
    if ('acksSlow' in m) relay.acksSlow(m.acksSlow);
    else relay.agentsActing(m.agentsActing);
  } else if (m === 'recorded') relay.recorded();
  else if (m === 'wake') relay.wake();
  else if (m === 'stop') {
    void (async () => {
      await relay.stop();
      clearInterval(flushing);
      flush();
      await connection.close();
      await db.destroy();
      send('stopped');
    })().catch((err) => {
      logger.error({ err }, 'relay thread: stopping failed');
      send('stopped');
    });
  }
});
send('ready');
