import { type ApiSchema } from '../../shared/api-schema';

/** The signed-in user, as `GET /api/auth/me` answers. */
export type Me = ApiSchema<'MeDto'>;
export type Role = Me['role'];
export type AuthProviders = ApiSchema<'AuthProvidersDto'>;

// Request bodies of the auth routes. The OpenAPI document lists only the DTOs controllers answer
// with until the gateway's auth controllers land; these follow gateway/src/dtos/auth.dto.ts and
// become `ApiSchema<'LoginDto'>` etc. once `npm run gen` generates them.
export interface LoginBody {
  username: string;
  password: string;
}
export interface LoginLinkBody {
  link: string;
}
export interface ChangePasswordBody {
  /** Left out when the session came from a login link. */
  currentPassword?: string;
  newPassword: string;
}

/** The gateway's PASSWORD_MIN: shorter passwords are refused with 400. */
export const PASSWORD_MIN = 10;

/** Ordered as the gateway orders them: each role may do everything the ones before it may. */
export const ROLES: readonly Role[] = ['viewer', 'researcher', 'admin'];

export const ROLE_LABELS: Record<Role, string> = {
  viewer: 'Viewer',
  researcher: 'Researcher',
  admin: 'Admin',
};

/** What each role may do, in one line each, for the role choice of the users page. */
export const ROLE_HINTS: Record<Role, string> = {
  viewer: 'Looks at shared data and runs inference',
  researcher: 'Also uploads datasets, trains, evaluates and deletes',
  admin: 'Also manages users and tokens',
};

/**
 * What the UI offers or hides by role, with the least role the gateway lets do it
 * (/work/auth-contract.md): reading, downloads (model export included: a GET) and inference are
 * for viewers; creating, changing, cancelling and deleting datasets, trainings, evaluations and
 * batches for researchers; users and tokens of others for admins.
 */
export const ACTION_MIN_ROLE = {
  infer: 'viewer',
  export: 'viewer',
  uploadDataset: 'researcher',
  deleteDataset: 'researcher',
  train: 'researcher',
  changeModel: 'researcher',
  deleteModel: 'researcher',
  evaluate: 'researcher',
  batch: 'researcher',
  changeJob: 'researcher',
  manageUsers: 'admin',
} as const satisfies Record<string, Role>;

export type Action = keyof typeof ACTION_MIN_ROLE;

export function roleAtLeast(role: Role, least: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(least);
}

/** The page to open after sign-in: a path of this app, never another site or the login page. */
export function safeReturnUrl(url: string | null | undefined): string {
  if (!url || !url.startsWith('/') || url.startsWith('//') || url.startsWith('/\\')) return '/';
  if (url === '/login' || url.startsWith('/login?') || url.startsWith('/set-password')) return '/';
  return url;
}

export type TokenDto = ApiSchema<'TokenDto'>;
export type CreatedTokenDto = ApiSchema<'CreatedTokenDto'>;
export type UserDto = ApiSchema<'UserDto'>;
export type CreatedUserDto = ApiSchema<'CreatedUserDto'>;
export type LoginLinkCreatedDto = ApiSchema<'LoginLinkCreatedDto'>;

/** Body of `POST /api/auth/tokens` (CreateTokenDto). */
export interface CreateTokenBody {
  name: string;
  /** Days until it expires (1–3650); null: never. */
  expiresInDays?: number | null;
}

/** Body of `POST /api/admin/users` (CreateUserDto). */
export interface CreateUserBody {
  username: string;
  displayName: string;
  role: Role;
  /** Left out: the answer carries a one-time login link instead. */
  password?: string;
}

/** Body of `PATCH /api/admin/users/:id` (UpdateUserDto). */
export type UpdateUserBody = Partial<Pick<UserDto, 'displayName' | 'role' | 'disabled'>>;
