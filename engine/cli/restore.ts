// `npm run restore [-- file]`: replaces the database's rows with a backup's. Stop `npm start` first:
// running workflows would otherwise act on rows that change under them.
import { RestoreError, restoreDatabase } from '../platform/backup.js';
import { createDb, migrate } from '../platform/database.js';
import { configOrExit } from './run.js';
import { createLogger } from '../app/logger.js';
import { backupFileArg, databaseTarget } from './database-target.js';

const config = configOrExit();
const logger = createLogger(config.logLevel);
const file = backupFileArg(config);
const target = await databaseTarget(config, logger);
try {
  const db = createDb(target.url, 2);
  await migrate(db).finally(() => db.destroy());
  const counts = await restoreDatabase(target.url, file);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  process.stdout.write(`restored ${total} rows from ${file} (messages: ${counts.messages ?? 0})\n`);
} catch (err) {
  process.stderr.write(`switchboard: restore failed: ${err instanceof RestoreError || (err as NodeJS.ErrnoException).code === 'ENOENT' ? (err as Error).message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await target.release();
}
// A logger transport may keep the event loop alive: the command ends here.
process.exit(process.exitCode ?? 0);
