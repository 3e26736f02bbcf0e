// `npm run create-admin -- <email> <password> [name]`: an admin without restarting.
import { createDb, migrate } from '../platform/database.js';
import { createUser, findUserByEmail } from '../features/people/users-repository.js';
import { startLocalStack } from '../platform/local/stack.js';
import { configOrExit } from './run.js';
import { createLogger } from '../app/logger.js';

const [email, password, name] = process.argv.slice(2);
if (!email || !password || password.length < 8) {
  process.stderr.write('usage: npm run create-admin -- <email> <password (8+ characters)> [name]\n');
  process.exit(2);
}
const config = configOrExit();
const logger = createLogger('warn');
// Uses the configured database, or the embedded one under the data folder (not while npm start runs it).
const stack = config.databaseUrl ? undefined : await startLocalStack({ ...config, temporalAddress: 'unused:1' }, logger);
const db = createDb(config.databaseUrl ?? stack!.databaseUrl);
try {
  await migrate(db);
  if (await findUserByEmail(db, email)) {
    process.stdout.write(`${email} already exists\n`);
  } else {
    await createUser(db, { email, password, name: name ?? email.split('@')[0], role: 'admin' });
    process.stdout.write(`admin ${email} created\n`);
  }
} finally {
  await db.destroy();
  await stack?.stop();
}
