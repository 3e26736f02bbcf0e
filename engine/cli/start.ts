// `npm start`: everything in one process (embedded servers when none is configured, migrations,
// worker, relay, API and admin UI), then the URLs.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureAdmin } from '../features/people/users-repository.js';
import { startLocalStack } from '../platform/local/stack.js';
import { oneProcessOptions, startServices } from '../app/services.js';
import { run } from './run.js';
import { keyringFor } from '../app/keyring.js';

const uiDir = fileURLToPath(new URL('../../admin-ui/dist/', import.meta.url));

run(async (config, logger) => {
  const stack = await startLocalStack(config, logger);
  let services;
  try {
    const options = oneProcessOptions(config, stack, logger);
    services = await startServices({
      ...options,
      keyring: await keyringFor(config, logger),
      api: { ...options.api, uiDir: existsSync(uiDir) ? uiDir : undefined, temporalUiUrl: stack.temporalUiUrl },
      mail: config.smtpUrl ? { smtpUrl: config.smtpUrl, from: config.mailFrom } : undefined,
    });
    if (config.adminEmail && config.adminPassword) {
      const outcome = await ensureAdmin(services.db, config.adminEmail, config.adminPassword);
      logger.info({ email: config.adminEmail, outcome }, 'first admin');
    }
    await services.server!.start();
  } catch (err) {
    await services?.stop().catch(() => undefined);
    await stack.stop();
    throw err;
  }
  const base = config.publicUrl;
  const lines = [
    '',
    'Switchboard is running.',
    `  Admin UI          ${base}/`,
    `  API               ${base}/api  (health: ${base}/api/health)`,
    `  OpenAPI docs      ${base}/documentation  (${base}/openapi.json)`,
    `  Temporal Web UI   ${stack.temporalUiUrl ?? `(external Temporal at ${stack.temporalAddress})`}`,
    `  Database          ${stack.embedded.postgres ? `embedded PostgreSQL in ${path.join(config.dataDir, 'postgres')}` : 'DATABASE_URL'}`,
    `  E-mail            ${config.smtpUrl ? `SMTP at ${new URL(config.smtpUrl).host}` : 'off: notification e-mails wait in the outbox until SMTP_URL is set'}`,
    ...(config.adminEmail ? [] : ['  No admin yet? Set SWITCHBOARD_ADMIN_EMAIL / SWITCHBOARD_ADMIN_PASSWORD, or run `npm run create-admin`.']),
    'Press Ctrl-C to stop.',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return async () => {
    await services.stop();
    await stack.stop();
  };
});
