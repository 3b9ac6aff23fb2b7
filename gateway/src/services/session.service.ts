import { Inject, Injectable } from '@nestjs/common';
import type { Caller } from '../auth/caller';
import type { GatewayConfig } from '../config';
import { SessionRepository } from '../repositories/session.repository';
import { CONFIG } from '../tokens';
import { randomSecret, sha256Hex } from './auth-secrets';

/** last_seen_at is written at most this often, so most requests only read. */
const TOUCH_EVERY_MS = 60_000;

/** Server-side browser sessions (SQLite only): cookie value = random secret, row key = its sha256. */
@Injectable()
export class SessionService {
  constructor(
    @Inject(CONFIG) private readonly config: GatewayConfig,
    private readonly sessions: SessionRepository,
  ) {}

  /** Starts a session; answers the cookie value (never stored). */
  async start(userId: string, mustSetPassword: boolean): Promise<string> {
    const secret = randomSecret();
    const now = new Date().toISOString();
    await this.sessions.insert({ token_hash: sha256Hex(secret), user_id: userId, must_set_password: mustSetPassword ? 1 : 0, created_at: now, last_seen_at: now });
    return secret;
  }

  /** The caller of a cookie, or null when the session is unknown, expired or its user disabled. */
  async authenticate(secret: string): Promise<Caller | null> {
    const hash = sha256Hex(secret);
    const row = await this.sessions.findForAuth(hash);
    if (!row) return null;
    const now = Date.now();
    const lastSeen = Date.parse(row.last_seen_at);
    if (now - lastSeen > this.config.auth.sessionIdleMs || now - Date.parse(row.created_at) > this.config.auth.sessionMaxMs) {
      await this.sessions.delete(hash);
      return null;
    }
    if (row.disabled) return null;
    if (now - lastSeen > TOUCH_EVERY_MS) await this.sessions.touch(hash, new Date(now).toISOString());
    return {
      id: row.user_id,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      authMethod: 'session',
      mustSetPassword: row.must_set_password === 1,
      sessionId: hash,
    };
  }

  end(sessionId: string): Promise<void> {
    return this.sessions.delete(sessionId);
  }

  /** Every session of the user, or every one but `keep`. */
  endAll(userId: string, keep: string | null = null): Promise<void> {
    return this.sessions.deleteByUser(userId, keep);
  }

  passwordSet(sessionId: string): Promise<void> {
    return this.sessions.clearMustSetPassword(sessionId);
  }
}
