import { describe, expect, it } from 'vitest';
import { profileFromClaims, roleFromClaims, safeReturnUrl, usernameBase, usernameCandidates } from './oidc-profile';
import { USERNAME_PATTERN } from '../dtos/auth.dto';

describe('roleFromClaims', () => {
  it.each([
    [{ medseg_role: 'admin' }, 'admin'],
    [{ medseg_role: ' Researcher ' }, 'researcher'],
    [{ medseg_role: 'owner' }, 'viewer'],
    [{}, 'viewer'],
    [{ medseg_role: 42 }, 'viewer'],
    [{ medseg_role: ['viewer', 'staff', 'researcher'] }, 'researcher'],
  ])('maps %j to %s', (claims, role) => {
    expect(roleFromClaims(claims, 'medseg_role', 'viewer')).toBe(role);
  });

  it('reads namespaced claim names and nested paths', () => {
    expect(roleFromClaims({ 'https://lab.example/role': 'admin' }, 'https://lab.example/role', 'viewer')).toBe('admin');
    expect(roleFromClaims({ realm_access: { roles: ['offline', 'researcher'] } }, 'realm_access.roles', 'viewer')).toBe(
      'researcher',
    );
  });

  it('falls back to the configured default role', () => {
    expect(roleFromClaims({}, 'medseg_role', 'researcher')).toBe('researcher');
  });
});

describe('usernameBase', () => {
  it.each([
    [{ preferred_username: 'alice' }, 'alice'],
    [{ preferred_username: 'Alice.Smith@Lab.example' }, 'alice.smith'],
    [{ email: 'bob@example.org' }, 'bob'],
    [{ preferred_username: 'José Müller' }, 'jose-muller'],
    [{ preferred_username: '__x' }, 'user-x'],
    [{ preferred_username: '李' }, 'user'],
    [{}, 'user'],
    [{ preferred_username: 'a'.repeat(90) }, 'a'.repeat(63)],
  ])('folds %j into %s', (claims, username) => {
    expect(usernameBase(claims)).toBe(username);
    expect(username).toMatch(USERNAME_PATTERN);
  });
});

describe('usernameCandidates', () => {
  it('numbers further candidates and keeps each valid', () => {
    const long = 'b'.repeat(63);
    const candidates = usernameCandidates(long);
    const first = [0, 1, 2].map(() => candidates.next().value as string);
    expect(first).toEqual([long, `${'b'.repeat(61)}-2`, `${'b'.repeat(61)}-3`]);
    for (const name of first) expect(name).toMatch(USERNAME_PATTERN);
  });
});

describe('profileFromClaims', () => {
  it('takes the display name from name, else given and family name, else the username', () => {
    expect(profileFromClaims({ iss: 'i', sub: 's', preferred_username: 'al', name: 'Al Ice' }, 'r', 'viewer').displayName).toBe('Al Ice');
    expect(profileFromClaims({ iss: 'i', sub: 's', email: 'al@x', given_name: 'Al', family_name: 'Ice' }, 'r', 'viewer').displayName).toBe(
      'Al Ice',
    );
    expect(profileFromClaims({ iss: 'i', sub: 's', email: 'al@x' }, 'r', 'viewer').displayName).toBe('al');
  });
});

describe('safeReturnUrl', () => {
  it.each([
    ['/models?x=1#top', '/models?x=1#top'],
    ['/datasets/abc', '/datasets/abc'],
    [undefined, '/'],
    ['', '/'],
    ['https://evil.example/', '/'],
    ['//evil.example/path', '/'],
    ['/\\evil.example', '/'],
    ['\\\\evil.example', '/'],
    ['/%0d%0aSet-Cookie:x', '/%0d%0aSet-Cookie:x'],
    ['/\tevil', '/'],
    ['javascript:alert(1)', '/'],
    ['models', '/'],
  ])('turns %j into %j', (raw, safe) => {
    expect(safeReturnUrl(raw)).toBe(safe);
  });
});
