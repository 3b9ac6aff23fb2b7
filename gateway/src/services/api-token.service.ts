import { Injectable, Logger, NotFoundException, UnauthorizedException } from '@nestjs/common';
import type { Caller } from '../auth/caller';
import type { CreatedTokenDto, CreateTokenDto, TokenDto } from '../dtos/auth.dto';
import { ApiTokenRepository } from '../repositories/api-token.repository';
import { StorageRepository } from '../repositories/storage.repository';
import { mapToken, tokenRowToRecord } from './account-records';
import { AuditService } from './audit.service';
import { isApiTokenShape, newApiToken, sha256Hex } from './auth-secrets';
import { accountKeys } from './storage-layout';

const TOUCH_EVERY_MS = 60_000;
export const SIGN_IN_FIRST = 'Sign in first';

/** Personal API tokens: tokens/<id>.json in S3 holds the sha256, never the secret, which is shown once. */
@Injectable()
export class ApiTokenService {
  private readonly logger = new Logger(ApiTokenService.name);

  constructor(
    private readonly tokens: ApiTokenRepository,
    private readonly storage: StorageRepository,
    private readonly audit: AuditService,
  ) {}

  /** `caller` null: made by the gateway itself (the integration stack's tokens). */
  async create(userId: string, input: CreateTokenDto, caller: Caller | null = null): Promise<CreatedTokenDto> {
    const { id, secret, sha256, prefix } = newApiToken();
    const createdAt = new Date();
    const expiresAt = input.expiresInDays ? new Date(createdAt.getTime() + input.expiresInDays * 86_400_000).toISOString() : null;
    const row = { id, user_id: userId, name: input.name, sha256, prefix, created_at: createdAt.toISOString(), expires_at: expiresAt };
    await this.storage.putObject(accountKeys.token(id), JSON.stringify(tokenRowToRecord(row), null, 2), 'application/json');
    await this.tokens.upsert(row);
    this.logger.log(`API token ${id} created for user ${userId}`);
    const token = mapToken((await this.tokens.getById(id))!);
    await this.audit.record(caller, 'token_created', 'token', id, input.name, `of ${token.username}${expiresAt ? `, expires ${expiresAt}` : ''}`);
    return { token, secret };
  }

  /** One user's tokens, or everyone's (null). */
  async list(userId: string | null): Promise<TokenDto[]> {
    return (await this.tokens.list(userId)).map(mapToken);
  }

  /** Revokes a token; `ownerId` null lets an admin revoke anyone's. Someone else's answers 404 like a missing one. */
  async revoke(id: string, ownerId: string | null, caller: Caller): Promise<void> {
    const row = await this.tokens.getById(id);
    if (!row || (ownerId !== null && row.user_id !== ownerId)) throw new NotFoundException(`API token ${id} not found`);
    await this.storage.deleteKeys([accountKeys.token(id)]);
    await this.tokens.delete(id);
    this.logger.log(`API token ${id} of user ${row.user_id} revoked`);
    await this.audit.record(caller, 'token_revoked', 'token', id, row.name, `of ${row.username}`);
  }

  /** The caller of a bearer secret; 401 when it is unknown, revoked, expired or its user disabled. */
  async authenticate(secret: string): Promise<Caller> {
    const row = isApiTokenShape(secret) ? await this.tokens.findForAuth(sha256Hex(secret)) : undefined;
    if (!row || row.disabled) throw new UnauthorizedException(SIGN_IN_FIRST);
    const now = Date.now();
    if (row.expires_at !== null && Date.parse(row.expires_at) <= now) throw new UnauthorizedException('This API token is expired');
    if (row.last_used_at === null || now - Date.parse(row.last_used_at) > TOUCH_EVERY_MS) {
      await this.tokens.touch(row.id, new Date(now).toISOString());
    }
    return { id: row.user_id, username: row.username, displayName: row.display_name, role: row.role, authMethod: 'token', mustSetPassword: false, sessionId: null };
  }
}
