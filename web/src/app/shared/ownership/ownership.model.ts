import { type ApiQuery, type ApiSchema } from '../api-schema';
import { type ChipView } from '../status-chip';

/** Who owns a dataset, model, job or result; null on things stored before accounts existed. */
export type Owner = ApiSchema<'OwnerDto'>;
/** Body of `PUT /api/datasets/:id/visibility` and `PUT /api/models/:id/visibility`. */
export type VisibilityBody = ApiSchema<'VisibilityBodyDto'>;
/** `private`: its owner and admins; `shared`: everyone signed in may see and use it. */
export type Visibility = VisibilityBody['visibility'];
/** `?owner=` of every list route; '' (absent) is all the caller may see. */
export type OwnerFilter = NonNullable<ApiQuery<'DatasetController_list'>['owner']> | '';

/** What every owned DTO carries: its owner and whether the caller may change or delete it. */
export interface Owned {
  owner: Owner | null;
  canChange: boolean;
}

export const OWNER_FILTER_CHOICES: readonly { value: OwnerFilter; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'me', label: 'Mine' },
  { value: 'others', label: 'Others’' },
];

/** Why an owner reads "—": the thing predates accounts (it counts as shared). */
export const NO_OWNER_HINT = 'Stored before accounts; admins manage it';

/** What sharing means, beside every sharing toggle. */
export const SHARING_HINT =
  'Everyone signed in may see and use it; only its owner and admins may change, share or delete it.';

/** A filter value from a URL or an old query: anything unknown is all. */
export function ownerFilter(value: string | null | undefined): OwnerFilter {
  return OWNER_FILTER_CHOICES.find((c) => c.value === value)?.value ?? '';
}

/**
 * The owner as pickers name it when it is someone else: their display name, or null when it is
 * the signed-in user's own (or has no owner), so only what tells two same-named things apart shows.
 */
export function foreignOwner(owner: Owner | null, meId: string | null | undefined): string | null {
  return owner && owner.id !== meId ? owner.displayName : null;
}

/** ` · Ada Lovelace` after a picker option of someone else's, '' for one's own. */
export function foreignOwnerNote(owner: Owner | null, meId: string | null | undefined): string {
  const name = foreignOwner(owner, meId);
  return name ? ` · ${name}` : '';
}

/** The visibility chip of a dataset or model: `Private` (lock) or `Shared` (group). */
export function visibilityChip(visibility: Visibility): ChipView {
  return visibility === 'shared'
    ? { tone: 'ok', label: 'Shared', icon: 'group' }
    : { tone: 'muted', label: 'Private', icon: 'lock' };
}
