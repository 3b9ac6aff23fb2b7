import { Injectable, Logger } from '@nestjs/common';
import { ApiTokenRepository } from '../repositories/api-token.repository';
import { StorageRepository } from '../repositories/storage.repository';
import { UserRepository } from '../repositories/user.repository';
import { parseTokenRecord, parseUserRecord, tokenRecordToRow, userRecordToRow } from './account-records';
import { ROOTS, accountKeys } from './storage-layout';

export interface AccountResyncResult {
  users: number;
  tokens: number;
  removed: number;
  skipped: string[];
}

/** Rebuilds the users and api_tokens tables from users/*.json and tokens/*.json (users first: tokens refer to them). */
@Injectable()
export class AccountResyncService {
  private readonly logger = new Logger(AccountResyncService.name);

  constructor(
    private readonly storage: StorageRepository,
    private readonly users: UserRepository,
    private readonly tokens: ApiTokenRepository,
  ) {}

  async resync(): Promise<AccountResyncResult> {
    const skipped: string[] = [];
    const userIds = new Set<string>();
    for (const key of await this.storage.listKeys(ROOTS.users)) {
      const id = accountKeys.idOf(ROOTS.users, key);
      const text = id === null ? null : await this.storage.getText(key);
      const record = text === null ? null : parseUserRecord(text);
      if (!record || record.id !== id) {
        skipped.push(key);
        continue;
      }
      await this.users.upsert(userRecordToRow(record));
      userIds.add(record.id);
    }
    const tokenIds = new Set<string>();
    for (const key of await this.storage.listKeys(ROOTS.tokens)) {
      const id = accountKeys.idOf(ROOTS.tokens, key);
      const text = id === null ? null : await this.storage.getText(key);
      const record = text === null ? null : parseTokenRecord(text);
      if (!record || record.id !== id || !userIds.has(record.userId)) {
        skipped.push(key);
        continue;
      }
      await this.tokens.upsert(tokenRecordToRow(record));
      tokenIds.add(record.id);
    }
    let removed = 0;
    for (const { id } of await this.tokens.listIds()) {
      if (!tokenIds.has(id)) await this.tokens.delete(id).then(() => removed++);
    }
    for (const { id } of await this.users.listIds()) {
      if (!userIds.has(id)) await this.users.delete(id).then(() => removed++);
    }
    if (skipped.length > 0) this.logger.warn(`Account resync skipped unreadable records: ${skipped.join(', ')}`);
    return { users: userIds.size, tokens: tokenIds.size, removed, skipped };
  }
}
