import type { Kysely } from 'kysely';

// Evaluation per volume (issue 12, report medseg-evaluation-v2): an evaluation image row is now an item,
// a whole case scored in 3D (kind 'volume', distances in mm) or a 2D image (kind 'image', px), with its
// shape, spacing and normalized surface Dice. Rows of v1 reports keep the defaults: 2D images in px.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('evaluation_images').addColumn('kind', 'text', (c) => c.notNull().defaultTo('image')).execute();
  await db.schema.alterTable('evaluation_images').addColumn('shape', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('evaluation_images').addColumn('spacing', 'text', (c) => c.notNull().defaultTo('[]')).execute();
  await db.schema.alterTable('evaluation_images').addColumn('distance_unit', 'text', (c) => c.notNull().defaultTo('px')).execute();
  await db.schema.alterTable('evaluation_images').addColumn('case_index', 'integer').execute();
  await db.schema.alterTable('evaluation_images').addColumn('nsd', 'real').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ['nsd', 'case_index', 'distance_unit', 'spacing', 'shape', 'kind']) {
    await db.schema.alterTable('evaluation_images').dropColumn(column).execute();
  }
}
