// `npm run backup [-- file]`: the database into one file (default: backups/switchboard.jsonl.gz in the data folder).
import { backupDatabase } from '../platform/backup.js';
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
  const counts = await backupDatabase(target.url, file);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  process.stdout.write(`backup written: ${file} (${total} rows in ${Object.keys(counts).length} tables; messages: ${counts.messages ?? 0})\n`);
} catch (err) {
  process.stderr.write(`switchboard: backup failed: ${(err as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await target.release();
}
// A logger transport may keep the event loop alive: the command ends here.
process.exit(process.exitCode ?? 0);
