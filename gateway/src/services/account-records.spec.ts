import { describe, expect, it } from 'vitest';
import { parseTokenRecord, parseUserRecord, tokenRecordToRow, tokenRowToRecord, userRecordToRow, userRowToRecord } from './account-records';

const user = {
  format: 'medseg-user-v1',
  id: '1b2c3d4e-0000-4000-8000-000000000001',
  username: 'ada',
  displayName: 'Ada L.',
  role: 'researcher',
  passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$abc$def',
  oidc: null,
  disabled: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
} as const;

const token = {
  format: 'medseg-token-v1',
  id: 'abcdefghijkl',
  userId: user.id,
  name: 'scripts',
  sha256: 'a'.repeat(64),
  prefix: 'medseg_abcdefghi',
  createdAt: '2026-01-01T00:00:00.000Z',
  expiresAt: null,
} as const;

describe('account records', () => {
  it('round-trips a user record through its SQLite row', () => {
    const parsed = parseUserRecord(JSON.stringify(user));
    expect(parsed).toEqual(user);
    expect(userRowToRecord({ ...userRecordToRow(parsed!) })).toEqual(user);
  });

  it('round-trips a token record through its SQLite row', () => {
    const parsed = parseTokenRecord(JSON.stringify(token));
    expect(parsed).toEqual(token);
    expect(tokenRowToRecord(tokenRecordToRow(parsed!))).toEqual(token);
  });

  it('refuses records of another format, with an unknown role or unreadable JSON', () => {
    expect(parseUserRecord(JSON.stringify({ ...user, format: 'medseg-user-v2' }))).toBeNull();
    expect(parseUserRecord(JSON.stringify({ ...user, role: 'root' }))).toBeNull();
    expect(parseUserRecord('{')).toBeNull();
    expect(parseTokenRecord(JSON.stringify({ ...token, sha256: 'xyz' }))).toBeNull();
  });
});
