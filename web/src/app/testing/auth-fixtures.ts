import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { type Me, type Role, type TokenDto, type UserDto } from '../core/auth/auth.model';
import { AUTH_URL, AuthService } from '../core/auth/auth.service';

export const ME_URL = `${AUTH_URL}/me`;

export function meDto(patch: Partial<Me> = {}): Me {
  return {
    id: 'u-ada',
    username: 'ada',
    displayName: 'Ada Lovelace',
    role: 'researcher',
    mustSetPassword: false,
    authMethod: 'session',
    ...patch,
  };
}

export function userDto(patch: Partial<UserDto> = {}): UserDto {
  return {
    id: 'u-ada',
    username: 'ada',
    displayName: 'Ada Lovelace',
    role: 'researcher',
    disabled: false,
    hasPassword: true,
    oidc: false,
    createdAt: '2026-11-02T09:00:00.000Z',
    lastLoginAt: '2026-12-01T08:15:00.000Z',
    ...patch,
  };
}

export function tokenDto(patch: Partial<TokenDto> = {}): TokenDto {
  return {
    id: 'tok1234567ab',
    name: 'batch script',
    userId: 'u-ada',
    username: 'ada',
    prefix: 'medseg_tok12345',
    createdAt: '2026-11-20T10:00:00.000Z',
    expiresAt: null,
    lastUsedAt: null,
    ...patch,
  };
}

/**
 * Signs in as the app does at start-up: `GET /api/auth/me` answered with this user (a role or a
 * whole MeDto). Call it after configureTestingModule with HttpClientTesting provided.
 */
export async function signIn(who: Role | Me = 'researcher'): Promise<Me | null> {
  const me = typeof who === 'string' ? meDto({ role: who }) : who;
  const loaded = TestBed.inject(AuthService).whenLoaded();
  TestBed.inject(HttpTestingController).expectOne(ME_URL).flush(me);
  return loaded;
}
