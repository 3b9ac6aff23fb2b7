import { ROLES, type Role, TokenDto, UserDto } from '../dtos/auth.dto';
import type { ApiTokenRow, UserRow } from '../db/schema';

/**
 * The S3 records of accounts (users/<id>.json, tokens/<id>.json), the source of truth the SQLite
 * tables cache, and the mappers from rows to DTOs.
 */

export interface UserRecord {
  format: 'medseg-user-v1';
  id: string;
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string | null;
  oidc: { issuer: string; subject: string } | null;
  disabled: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface TokenRecord {
  format: 'medseg-token-v1';
  id: string;
  userId: string;
  name: string;
  sha256: string;
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
}

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const strOrNull = (v: unknown): v is string | null => v === null || str(v);

/** The record, or null when the text is not a readable user record. */
export function parseUserRecord(text: string): UserRecord | null {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
  const oidc = v.oidc as Record<string, unknown> | null | undefined;
  const ok =
    v?.format === 'medseg-user-v1' &&
    str(v.id) && str(v.username) && typeof v.displayName === 'string' &&
    ROLES.includes(v.role as Role) && strOrNull(v.passwordHash) &&
    (oidc === null || (typeof oidc === 'object' && str(oidc.issuer) && str(oidc.subject))) &&
    typeof v.disabled === 'boolean' && str(v.createdAt) && str(v.updatedAt);
  return ok ? (v as unknown as UserRecord) : null;
}

export function parseTokenRecord(text: string): TokenRecord | null {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return null;
  }
  const ok =
    v?.format === 'medseg-token-v1' &&
    str(v.id) && str(v.userId) && typeof v.name === 'string' && /^[0-9a-f]{64}$/.test(String(v.sha256)) &&
    str(v.prefix) && str(v.createdAt) && strOrNull(v.expiresAt);
  return ok ? (v as unknown as TokenRecord) : null;
}

export function userRecordToRow(r: UserRecord): Omit<UserRow, 'last_login_at'> {
  return {
    id: r.id,
    username: r.username,
    display_name: r.displayName,
    role: r.role,
    password_hash: r.passwordHash,
    oidc_issuer: r.oidc?.issuer ?? null,
    oidc_subject: r.oidc?.subject ?? null,
    disabled: r.disabled ? 1 : 0,
    created_at: r.createdAt,
    updated_at: r.updatedAt,
  };
}

export function userRowToRecord(row: Omit<UserRow, 'last_login_at'>): UserRecord {
  return {
    format: 'medseg-user-v1',
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    passwordHash: row.password_hash,
    oidc: row.oidc_issuer && row.oidc_subject ? { issuer: row.oidc_issuer, subject: row.oidc_subject } : null,
    disabled: row.disabled === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export function tokenRecordToRow(r: TokenRecord): Omit<ApiTokenRow, 'last_used_at'> {
  return {
    id: r.id,
    user_id: r.userId,
    name: r.name,
    sha256: r.sha256,
    prefix: r.prefix,
    created_at: r.createdAt,
    expires_at: r.expiresAt,
  };
}

export function tokenRowToRecord(row: Omit<ApiTokenRow, 'last_used_at'>): TokenRecord {
  return {
    format: 'medseg-token-v1',
    id: row.id,
    userId: row.user_id,
    name: row.name,
    sha256: row.sha256,
    prefix: row.prefix,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

export function mapUser(row: UserRow): UserDto {
  return {
    id: row.id,
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    disabled: row.disabled === 1,
    hasPassword: row.password_hash !== null,
    oidc: row.oidc_subject !== null,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
  };
}

export function mapToken(row: ApiTokenRow & { username: string }): TokenDto {
  return {
    id: row.id,
    name: row.name,
    userId: row.user_id,
    username: row.username,
    prefix: row.prefix,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
  };
}
