// The gateway of an earlier commit, built beside the working tree, so a benchmark can run a change
// and what came before it on the same services, in one run, on the same machine load.
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './services.mjs';

/** Extracts gateway/ of `commit` under `dir`, compiles it with this tree's packages; returns its main.js. */
export function buildGatewayAt(commit, dir) {
  const root = join(dir, `gateway-${commit.slice(0, 8)}`);
  mkdirSync(root, { recursive: true });
  // proto/: the gateway loads the contract of its own commit at run time.
  const paths = ['proto', 'gateway/src', 'gateway/tsconfig.json', 'gateway/tsconfig.build.json', 'gateway/package.json'];
  const extract = spawnSync('bash', ['-c', `git archive "$1" "\${@:2}" | tar -x -C "${root}"`, 'extract', commit, ...paths], { cwd: ROOT });
  if (extract.status !== 0) throw new Error(`could not extract the gateway of ${commit}: ${extract.stderr}`);
  // Its dependencies are a subset of this tree's (a change adds packages, it does not remove them).
  symlinkSync(join(ROOT, 'node_modules'), join(root, 'node_modules'));
  symlinkSync(join(ROOT, 'gateway/node_modules'), join(root, 'gateway/node_modules'));
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'gateway/tsconfig.build.json')], { encoding: 'utf8' });
  if (tsc.status !== 0) throw new Error(`the gateway of ${commit} does not compile:\n${tsc.stdout}${tsc.stderr}`);
  return join(root, 'gateway/dist/main.js');
}
