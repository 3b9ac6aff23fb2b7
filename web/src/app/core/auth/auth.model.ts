import { type ApiSchema } from '../../shared/api-schema';

/** The signed-in user, as `GET /api/auth/me` answers. */
export type Me = ApiSchema<'MeDto'>;
export type Role = Me['role'];
export type AuthProviders = ApiSchema<'AuthProvidersDto'>;

export type LoginBody = ApiSchema<'LoginDto'>;
export type LoginLinkBody = ApiSchema<'LoginLinkDto'>;
/** `currentPassword` is left out when the session came from a login link. */
export type ChangePasswordBody = ApiSchema<'ChangePasswordDto'>;

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
  deleteResult: 'viewer',
  uploadDataset: 'researcher',
  deleteDataset: 'researcher',
  shareDataset: 'researcher',
  train: 'researcher',
  changeModel: 'researcher',
  deleteModel: 'researcher',
  shareModel: 'researcher',
  evaluate: 'researcher',
  batch: 'researcher',
  changeJob: 'researcher',
  manageUsers: 'admin',
} as const satisfies Record<string, Role>;

export type Action = keyof typeof ACTION_MIN_ROLE;

/**
 * Actions on one resource that only its owner and admins may do (/work/ownership-contract.md):
 * the gateway says per resource whether the caller may (`canChange`), and the role must allow it
 * too. Using a shared thing (training on a dataset, evaluating a model) is not among them.
 */
export const OWNER_ACTIONS = [
  'deleteResult',
  'deleteDataset',
  'shareDataset',
  'changeModel',
  'deleteModel',
  'shareModel',
  'changeJob',
] as const satisfies readonly Action[];

export type OwnerAction = (typeof OWNER_ACTIONS)[number];
export type RoleAction = Exclude<Action, OwnerAction>;

/** A resource as the gateway describes it for the caller: whether they may change or delete it. */
export interface Changeable {
  readonly canChange: boolean;
}

export function isOwnerAction(action: Action): action is OwnerAction {
  return (OWNER_ACTIONS as readonly Action[]).includes(action);
}

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

export type CreateTokenBody = ApiSchema<'CreateTokenDto'>;
/** Without `password` the answer carries a one-time login link instead. */
export type CreateUserBody = ApiSchema<'CreateUserDto'>;
export type UpdateUserBody = ApiSchema<'UpdateUserDto'>;
