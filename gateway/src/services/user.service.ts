import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Caller } from '../auth/caller';
import type { Role, UpdateUserDto } from '../dtos/auth.dto';
import type { UserRow } from '../db/schema';
import { StorageRepository } from '../repositories/storage.repository';
import { UserRepository, type UserValues } from '../repositories/user.repository';
import { userRowToRecord } from './account-records';
import { AuditService } from './audit.service';
import { accountKeys } from './storage-layout';

/** Users: every change goes to users/<id>.json first (the truth), then to the SQLite cache. */
@Injectable()
export class UserService {
  private readonly logger = new Logger(UserService.name);

  constructor(
    private readonly users: UserRepository,
    private readonly storage: StorageRepository,
    private readonly audit: AuditService,
  ) {}

  /** `oidc`: a user of single sign-on, linked to the provider's (issuer, subject). `caller` null: the gateway itself (first start, single sign-on). */
  async create(input: {
    username: string;
    displayName: string;
    role: Role;
    passwordHash: string | null;
    oidc?: { issuer: string; subject: string };
  }, caller: Caller | null = null): Promise<UserRow> {
    if (await this.users.getByUsername(input.username)) {
      throw new ConflictException(`User name ${input.username} is taken; choose another`);
    }
    const now = new Date().toISOString();
    const row: UserValues = {
      id: randomUUID(),
      username: input.username,
      display_name: input.displayName,
      role: input.role,
      password_hash: input.passwordHash,
      oidc_issuer: input.oidc?.issuer ?? null,
      oidc_subject: input.oidc?.subject ?? null,
      disabled: 0,
      created_at: now,
      updated_at: now,
    };
    await this.save(row);
    this.logger.log(`User ${row.id} (${row.username}, ${row.role}) created`);
    await this.audit.record(caller, 'user_created', 'user', row.id, row.username, `role ${row.role}${input.oidc ? ', single sign-on' : ''}`);
    return (await this.users.getById(row.id))!;
  }

  async require(id: string): Promise<UserRow> {
    const row = await this.users.getById(id);
    if (!row) throw new NotFoundException(`User ${id} not found`);
    return row;
  }

  /** Role, display name or disabled; 409 when no enabled admin would be left. `caller` null: single sign-on's claims. */
  async update(id: string, changes: UpdateUserDto, caller: Caller | null = null): Promise<UserRow> {
    const row = await this.require(id);
    const next: UserValues = {
      ...withoutLastLogin(row),
      display_name: changes.displayName ?? row.display_name,
      role: changes.role ?? row.role,
      disabled: changes.disabled === undefined ? row.disabled : changes.disabled ? 1 : 0,
      updated_at: new Date().toISOString(),
    };
    const stillAdmin = next.role === 'admin' && next.disabled === 0;
    if (!stillAdmin && row.role === 'admin' && row.disabled === 0) {
      const others = (await this.users.listEnabledAdmins()).filter((a) => a.id !== id);
      if (others.length === 0) {
        throw new ConflictException(`${row.username} is the last enabled admin; make another user admin first`);
      }
    }
    await this.save(next);
    this.logger.log(`User ${id} (${row.username}) changed: role ${next.role}, ${next.disabled ? 'disabled' : 'enabled'}`);
    const changed = describeChanges(row, next);
    if (changed) await this.audit.record(caller, 'user_changed', 'user', id, row.username, changed);
    return (await this.users.getById(id))!;
  }

  async setPasswordHash(row: UserRow, passwordHash: string): Promise<void> {
    await this.save({ ...withoutLastLogin(row), password_hash: passwordHash, updated_at: new Date().toISOString() });
    this.logger.log(`User ${row.id} (${row.username}) set a new password`);
  }

  private async save(row: UserValues): Promise<void> {
    await this.storage.putObject(accountKeys.user(row.id), JSON.stringify(userRowToRecord(row), null, 2), 'application/json');
    await this.users.upsert(row);
  }
}

/** What an update changed, for the audit log ("role viewer → researcher; disabled"); empty when nothing. */
export function describeChanges(before: UserValues, after: UserValues): string {
  const parts: string[] = [];
  if (before.role !== after.role) parts.push(`role ${before.role} → ${after.role}`);
  if (before.display_name !== after.display_name) parts.push(`display name "${before.display_name}" → "${after.display_name}"`);
  if (before.disabled !== after.disabled) parts.push(after.disabled ? 'disabled' : 'enabled');
  return parts.join('; ');
}

function withoutLastLogin(row: UserRow): UserValues {
  const { last_login_at: _, ...values } = row;
  return values;
}
