import { ROLES, type Role } from '../dtos/auth.dto';

/** Who makes a request, as controllers and services see it (never the Express request). */
export interface Caller {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  authMethod: 'session' | 'token';
  /** Signed in with a login link: only me, logout and password until a password is set. */
  mustSetPassword: boolean;
  /** The session's stored hash (logout ends exactly this one); null for a token. */
  sessionId: string | null;
}

/** Whether `role` may do what `min` may (viewer < researcher < admin). */
export function roleAtLeast(role: Role, min: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(min);
}
