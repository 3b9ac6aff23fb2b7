import { describe, expect, it } from 'vitest';
import type { UserValues } from '../repositories/user.repository';
import { describeChanges } from './user.service';

const user: UserValues = {
  id: 'u1', username: 'ada', display_name: 'Ada', role: 'researcher', password_hash: null,
  oidc_issuer: null, oidc_subject: null, disabled: 0, created_at: 't', updated_at: 't',
};

describe('describeChanges', () => {
  it('names every field that changed, for the audit log', () => {
    expect(describeChanges(user, { ...user, role: 'admin', display_name: 'Ada L.', disabled: 1 })).toBe('role researcher → admin; display name "Ada" → "Ada L."; disabled');
    expect(describeChanges({ ...user, disabled: 1 }, user)).toBe('enabled');
  });

  it('is empty when nothing changed (a single sign-on that repeats the same claims)', () => {
    expect(describeChanges(user, { ...user, updated_at: 'later' })).toBe('');
  });
});
