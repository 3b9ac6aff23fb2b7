import { Inject, Injectable, Logger } from '@nestjs/common';
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Caller } from '../auth/caller';
import type { GatewayConfig } from '../config';
import type { LoginLinkCreatedDto } from '../dtos/auth.dto';
import type { UserRow } from '../db/schema';
import { LoginLinkRepository } from '../repositories/login-link.repository';
import { CONFIG } from '../tokens';
import { AuditService } from './audit.service';
import { randomSecret, sha256Hex } from './auth-secrets';

const LINK_TTL_MS = 24 * 3_600_000;

/** Where the first-start link is written for `npm start` and people to read (beside medseg.db). */
export function loginLinkFile(dbPath: string): string {
  return join(dirname(dbPath), 'login-link.txt');
}

/** One-time login links (`<MEDSEG_PUBLIC_URL>/login?link=<secret>`), SQLite only, valid 24 h. */
@Injectable()
export class LoginLinkService {
  private readonly logger = new Logger(LoginLinkService.name);

  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly links: LoginLinkRepository,
    private readonly audit: AuditService,
  ) {}

  /** `caller` null: the gateway or the reset-password command, which `detail` names for the audit log. */
  async issue(user: Pick<UserRow, 'id' | 'username'>, detail: string | null = null, caller: Caller | null = null): Promise<LoginLinkCreatedDto> {
    const userId = user.id;
    const secret = randomSecret();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + LINK_TTL_MS).toISOString();
    await this.links.deleteExpired(now.toISOString());
    await this.links.insert({ token_hash: sha256Hex(secret), user_id: userId, created_at: now.toISOString(), expires_at: expiresAt });
    this.logger.log(`Login link issued for user ${userId}`);
    await this.audit.record(caller, 'login_link_issued', 'user', userId, user.username, detail);
    return { loginLink: `${this.config.publicUrl}/login?link=${secret}`, expiresAt };
  }

  /** The user a link signs in, or null when it is unknown, used or expired; either way it is used up. */
  async redeem(secret: string): Promise<string | null> {
    const row = await this.links.take(sha256Hex(secret));
    if (!row || Date.parse(row.expires_at) <= Date.now()) return null;
    this.removeFileOf(secret);
    return row.user_id;
  }

  /** Writes the first-start link to login-link.txt (0600: it signs in as an admin). */
  writeFile(link: string): void {
    const file = loginLinkFile(this.config.dbPath);
    rmSync(file, { force: true });
    writeFileSync(file, `${link}\n`, { mode: 0o600 });
    chmodSync(file, 0o600);
  }

  private removeFileOf(secret: string): void {
    const file = loginLinkFile(this.config.dbPath);
    try {
      if (readFileSync(file, 'utf8').includes(secret)) rmSync(file, { force: true });
    } catch {
      // no file: this link was not the first-start one
    }
  }
}
