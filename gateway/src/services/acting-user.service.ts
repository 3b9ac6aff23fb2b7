import { Injectable } from '@nestjs/common';
import type { Caller } from '../auth/caller';
import { UserRepository } from '../repositories/user.repository';

/**
 * The Caller of a user the gateway acts for on its own, with no request: the owner of a model whose
 * gain it evaluates, the person who set a dataset's auto fine-tune. Everything it then does goes
 * through the same access rules as a request of theirs would.
 */
@Injectable()
export class ActingUser {
  constructor(private readonly users: UserRepository) {}

  /** null when the user is gone or disabled: nothing is done in their name then. */
  async caller(userId: string | null): Promise<Caller | null> {
    if (!userId) return null;
    const row = await this.users.getById(userId);
    if (!row || row.disabled) return null;
    // No session to check the origin of, and no password to set: like an API token of theirs.
    return { id: row.id, username: row.username, displayName: row.display_name, role: row.role, authMethod: 'token', mustSetPassword: false, sessionId: null };
  }
}
