import { ADA, GRACE } from '../../testing/owner-fixtures';
import { foreignOwner, foreignOwnerNote, ownerFilter, visibilityChip } from './ownership.model';

describe('ownership', () => {
  it('names only an owner who is not the signed-in user', () => {
    expect(foreignOwner(GRACE, ADA.id)).toBe('Grace Hopper');
    expect(foreignOwner(ADA, ADA.id)).toBeNull();
    // Stored before accounts: nobody's, so no name to tell it apart by.
    expect(foreignOwner(null, ADA.id)).toBeNull();
    expect(foreignOwnerNote(GRACE, ADA.id)).toBe(' · Grace Hopper');
    expect(foreignOwnerNote(ADA, ADA.id)).toBe('');
  });

  it('reads private with a lock and shared with a group', () => {
    expect(visibilityChip('private')).toEqual({ tone: 'muted', label: 'Private', icon: 'lock' });
    expect(visibilityChip('shared')).toEqual({ tone: 'ok', label: 'Shared', icon: 'group' });
  });

  it('treats an owner filter it does not know as everyone', () => {
    expect(ownerFilter('me')).toBe('me');
    expect(ownerFilter('others')).toBe('others');
    expect(ownerFilter('bogus')).toBe('');
    expect(ownerFilter(null)).toBe('');
  });
});
