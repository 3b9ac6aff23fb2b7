import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { UserRepository } from '../repositories/user.repository';
import { DB_CREATED } from '../tokens';
import { AccountResyncService } from './account-resync.service';
import { AuditService } from './audit.service';
import { LoginLinkService } from './login-link.service';
import { StorageSetupService } from './storage-setup.service';
import { UserService } from './user.service';

/** How long start-up waits for S3 before answering without accounts restored (they follow in the background). */
const WAIT_FOR_STORAGE_MS = 15_000;

/**
 * Accounts at start-up: a new medseg.db gets its users and tokens back from S3 before the gateway
 * answers (so nobody is refused meanwhile), and its audit log soon after; no user at all creates `admin` without a password; and
 * while no enabled admin can sign in, each start prints a fresh one-time login link.
 */
@Injectable()
export class FirstStartService implements OnApplicationBootstrap {
  private readonly logger = new Logger(FirstStartService.name);

  constructor(
    @Inject(DB_CREATED) private readonly dbCreated: boolean,
    private readonly storageSetup: StorageSetupService,
    private readonly resync: AccountResyncService,
    private readonly users: UserRepository,
    private readonly userService: UserService,
    private readonly links: LoginLinkService,
    private readonly audit: AuditService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const ready = await Promise.race([
      this.storageSetup.whenReady().then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), WAIT_FOR_STORAGE_MS))),
    ]);
    clearTimeout(timer);
    const work = this.storageSetup.whenReady().then(() => this.prepare());
    if (ready) await work.catch((error: unknown) => this.logger.error(`Account start-up failed: ${String(error)}`));
    else work.catch((error: unknown) => this.logger.error(`Account start-up failed: ${String(error)}`));
  }

  private async prepare(): Promise<void> {
    if (this.dbCreated) {
      const result = await this.resync.resync();
      this.logger.log(`New database: restored ${result.users} users and ${result.tokens} API tokens from S3`);
    }
    this.restoreAudit();
    if ((await this.users.listIds()).length === 0) {
      await this.userService.create({ username: 'admin', displayName: 'Administrator', role: 'admin', passwordHash: null });
    }
    const admins = await this.users.listEnabledAdmins();
    if (admins.some((a) => a.password_hash !== null || a.oidc_subject !== null)) return;
    const admin = admins.find((a) => a.username === 'admin') ?? admins[0];
    if (!admin) return;
    const { loginLink } = await this.links.issue(admin, 'first start: no admin has a password yet');
    this.links.writeFile(loginLink);
    this.logger.warn(`First sign-in: open ${loginLink} to set the ${admin.username} password`);
  }

  /** In the background (a long log must not hold up start-up): a new database gets the log back, then pending events go to S3. */
  private restoreAudit(): void {
    void (this.dbCreated ? this.audit.resync() : Promise.resolve(null))
      .then((result) => result && this.logger.log(`New database: restored ${result.events} audit events from S3`))
      .catch((error: unknown) => this.logger.error(`Audit log resync failed: ${String(error)}`))
      .finally(() => this.audit.resumePending());
  }
}
