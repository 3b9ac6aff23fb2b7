import { filterChange, pageChange, sortChange } from './list-query';

const SORTS = ['name', 'createdAt'] as const;
const FALLBACK = { sort: 'createdAt', order: 'desc' } as const;

describe('list query changes', () => {
  it('sorts by a known column and goes back to the first page', () => {
    expect(sortChange({ active: 'name', direction: 'asc' }, SORTS, FALLBACK)).toEqual({
      sort: 'name',
      order: 'asc',
      page: 1,
    });
  });

  it('falls back to the default sort when Material clears it', () => {
    expect(sortChange({ active: 'name', direction: '' }, SORTS, FALLBACK)).toEqual({
      sort: 'createdAt',
      order: 'desc',
      page: 1,
    });
  });

  it('ignores a column the API cannot sort by', () => {
    expect(sortChange({ active: 'status', direction: 'asc' }, SORTS, FALLBACK)).toBeNull();
  });

  it('keeps a known status and treats an unknown one as all', () => {
    const choices = [{ value: 'ready' }, { value: 'failed' }] as const;
    expect(filterChange({ search: 'lung', status: 'ready', owner: '' }, choices)).toEqual({
      search: 'lung',
      status: 'ready',
      owner: '',
      page: 1,
    });
    expect(filterChange({ search: '', status: 'bogus', owner: '' }, choices).status).toBe('');
  });

  it('keeps the owner choice and treats an unknown one as everyone', () => {
    const choices = [{ value: 'ready' }] as const;
    expect(filterChange({ search: '', status: '', owner: 'others' }, choices).owner).toBe('others');
    const bogus = { search: '', status: '', owner: 'bogus' as never };
    expect(filterChange(bogus, choices).owner).toBe('');
  });

  it('counts pages from 1 as the API does', () => {
    expect(pageChange({ pageIndex: 2, pageSize: 50, length: 400 })).toEqual({
      page: 3,
      pageSize: 50,
    });
  });
});
