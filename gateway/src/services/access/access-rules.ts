import { type Expression, type SqlBool, sql } from 'kysely';
import type { Caller } from '../../auth/caller';
import type { OwnerFilter, Visibility } from '../../dtos/owner.dto';

/**
 * The ownership rules of issue 11, in one place: each predicate below has its SQL twin beside it,
 * so what a GET answers and what a list or count shows can never differ.
 *
 * - datasets, models: visible to admins, their owner, and everyone when shared; rows without an
 *   owner (stored before accounts) are shared.
 * - evaluations, batches: visible to admins, their owner, and whoever may see their model.
 * - inference results: admins and their owner only (they hold a person's uploads); rows without
 *   an owner count as shared.
 * - changing, sharing, cancelling, deleting anything: its owner and admins; ownerless rows: admins.
 */

/** What a repository needs to know about the caller to filter rows. */
export interface Viewer {
  id: string;
  admin: boolean;
}

/** A list's visibility filter plus its `?owner=` narrowing. */
export interface ListScope {
  viewer: Viewer;
  owner?: OwnerFilter;
}

export function viewerOf(caller: Caller): Viewer {
  return { id: caller.id, admin: caller.role === 'admin' };
}

export function scopeOf(caller: Caller, owner?: OwnerFilter): ListScope {
  return { viewer: viewerOf(caller), owner };
}

export function mayChange(viewer: Viewer, ownerId: string | null): boolean {
  return viewer.admin || (ownerId !== null && ownerId === viewer.id);
}

/** Datasets and models. */
export function maySeeShareable(viewer: Viewer, ownerId: string | null, visibility: Visibility): boolean {
  return viewer.admin || (ownerId !== null && ownerId === viewer.id) || visibility === 'shared';
}

/** Evaluations, batches, exports: their own owner, or whoever may see their model. */
export function maySeeDerived(viewer: Viewer, ownerId: string | null, model: { owner_id: string | null; visibility: Visibility }): boolean {
  return mayChange(viewer, ownerId) || maySeeShareable(viewer, model.owner_id, model.visibility);
}

/** Inference results. */
export function maySeePersonal(viewer: Viewer, ownerId: string | null): boolean {
  return viewer.admin || ownerId === null || ownerId === viewer.id;
}

type ShareableTable = 'datasets' | 'models';
type OwnedTable = ShareableTable | 'evaluations' | 'batches' | 'inference_results';
const TRUE = sql<SqlBool>`1`;
const ownerOf = (table: OwnedTable) => sql.ref(`${table}.owner_id`);

/** SQL twin of maySeeShareable, on `table` of the query. */
export function shareableVisible(table: ShareableTable, viewer: Viewer): Expression<SqlBool> {
  if (viewer.admin) return TRUE;
  return sql<SqlBool>`(${ownerOf(table)} = ${viewer.id} or ${sql.ref(`${table}.visibility`)} = 'shared')`;
}

/** SQL twin of maySeePersonal. */
export function personalVisible(viewer: Viewer): Expression<SqlBool> {
  if (viewer.admin) return TRUE;
  return sql<SqlBool>`(${ownerOf('inference_results')} is null or ${ownerOf('inference_results')} = ${viewer.id})`;
}

/** `?owner=me|others` on `table`; others includes rows without an owner. */
export function ownerNarrowing(table: OwnedTable, scope: ListScope): Expression<SqlBool> {
  if (scope.owner === 'me') return sql<SqlBool>`${ownerOf(table)} = ${scope.viewer.id}`;
  if (scope.owner === 'others') return sql<SqlBool>`(${ownerOf(table)} is null or ${ownerOf(table)} != ${scope.viewer.id})`;
  return TRUE;
}
