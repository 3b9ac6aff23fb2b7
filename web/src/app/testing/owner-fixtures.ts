import { type Owner } from '../shared/ownership/ownership.model';

/** Ada (meDto's id): the signed-in user of most tests, owner of the default fixtures. */
export const ADA: Owner = { id: 'u-ada', username: 'ada', displayName: 'Ada Lovelace' };
/** Another researcher of the lab. */
export const GRACE: Owner = { id: 'u-grace', username: 'grace', displayName: 'Grace Hopper' };

/** What an owned DTO says of someone else's shared thing: visible, used, not changeable. */
export const SHARED_BY_GRACE = { owner: GRACE, visibility: 'shared', canChange: false } as const;
/** A thing stored before accounts: no owner, shared, only admins change it. */
export const UNOWNED = { owner: null, visibility: 'shared', canChange: false } as const;
