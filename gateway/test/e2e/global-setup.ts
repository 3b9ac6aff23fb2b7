import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
// @ts-expect-error plain ESM helper shared with `npm start`, no type declarations
import * as services from '../../../scripts/lib/services.mjs';

/**
 * The browser tests drive the built gateway and web app (gateway/dist, web/dist), not the sources.
 * Run straight from vitest after a merge, a stale build is what they tested: a page from before
 * the change fails in ways that look like a regression (the annotation queue without its scores).
 * build-if-stale rebuilds only what changed, so a fresh build costs one `find`.
 */
export default function setup(): void {
  execFileSync('bash', [join(services.ROOT, 'scripts/build-if-stale')], { cwd: services.ROOT, stdio: 'inherit' });
}
