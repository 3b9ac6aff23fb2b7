import { describe, expect, it } from 'vitest';
import { mayChange, maySeeDerived, maySeePersonal, maySeeShareable } from './access-rules';

const alice = { id: 'alice', admin: false };
const bob = { id: 'bob', admin: false };
const admin = { id: 'root', admin: true };

describe('access rules', () => {
  it('shows a private dataset or model to its owner and admins only, a shared one to everyone', () => {
    expect([alice, bob, admin].map((v) => maySeeShareable(v, 'alice', 'private'))).toEqual([true, false, true]);
    expect([alice, bob, admin].map((v) => maySeeShareable(v, 'alice', 'shared'))).toEqual([true, true, true]);
  });

  it('lets only the owner and admins change; things without an owner only admins', () => {
    expect([alice, bob, admin].map((v) => mayChange(v, 'alice'))).toEqual([true, false, true]);
    expect([alice, bob, admin].map((v) => mayChange(v, null))).toEqual([false, false, true]);
  });

  it('shows a job to whoever sees its model, and always to its own owner', () => {
    const privateModel = { owner_id: 'alice', visibility: 'private' as const };
    const sharedModel = { owner_id: 'alice', visibility: 'shared' as const };
    expect(maySeeDerived(bob, 'bob', privateModel)).toBe(true);
    expect(maySeeDerived(bob, 'alice', privateModel)).toBe(false);
    expect(maySeeDerived(bob, 'alice', sharedModel)).toBe(true);
  });

  it('keeps inference results personal, except those stored before accounts', () => {
    expect([alice, bob, admin].map((v) => maySeePersonal(v, 'alice'))).toEqual([true, false, true]);
    expect(maySeePersonal(bob, null)).toBe(true);
  });
});
