import { ConfigError, loadConfig } from '../config';
import { migrateToLatest, openDatabase } from '../db/database';
import { LoginLinkRepository } from '../repositories/login-link.repository';
import { AuditEventRepository } from '../repositories/audit-event.repository';
import { StorageRepository } from '../repositories/storage.repository';
import { UserRepository } from '../repositories/user.repository';
import { AuditService } from '../services/audit.service';
import { LoginLinkService } from '../services/login-link.service';

/**
 * `npm run reset-password -- <username>`: prints a fresh one-time login link at which the user sets a
 * new password (a forgotten admin password). Reads the same environment as the gateway and writes
 * the link into its SQLite file, so it works while the gateway runs.
 */
async function main(args: string[]): Promise<number> {
  const username = args[0]?.trim().toLowerCase();
  if (!username) {
    console.error('usage: npm run reset-password -- <username>');
    return 2;
  }
  const env = { ...process.env };
  // npm start keeps medseg.db in MEDSEG_DATA_DIR (default data/); so does this command.
  if (!env.MEDSEG_DB_PATH && env.MEDSEG_DATA_DIR) env.MEDSEG_DB_PATH = `${env.MEDSEG_DATA_DIR}/medseg.db`;
  const config = loadConfig(env);
  const { db } = openDatabase(config.dbPath);
  try {
    await migrateToLatest(db);
    const users = new UserRepository(db);
    const user = await users.getByUsername(username);
    if (!user) {
      const known = (await users.list()).map((u) => u.username);
      console.error(`reset-password: no user "${username}" in ${config.dbPath}${known.length ? ` (users: ${known.join(', ')})` : ' (start MedSeg once first: npm start)'}`);
      return 1;
    }
    // The audit event goes to S3 when it answers; else it stays pending and the gateway stores it at its next start.
    const audit = new AuditService(new StorageRepository(config), new AuditEventRepository(db));
    const links = new LoginLinkService(config, new LoginLinkRepository(db), audit);
    const { loginLink, expiresAt } = await links.issue(user, 'reset-password command');
    audit.onApplicationShutdown();
    if (user.disabled) console.warn(`reset-password: ${username} is disabled; an admin must enable the account before the link works`);
    console.log(`\nOne-time login link for ${username} (valid until ${expiresAt}):\n\n  ${loginLink}\n\nOpen it and choose a new password.\n`);
    return 0;
  } finally {
    await db.destroy();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`reset-password: ${error instanceof ConfigError ? error.message : String(error)}`);
    process.exit(1);
  },
);
