// Writes the Material Symbols subset of the icons the web app uses (for scripts/gen).
// Usage: node scripts/lib/icon-font.mjs OUT_ROOT
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { usedIcons } from './icon-names.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const ICON_FONT_FILE = 'web/src/icons/generated/material-symbols-outlined.woff2';
export const ICON_NAMES_FILE = 'web/src/icons/generated/icons.json';
const SOURCE_FONT = 'node_modules/material-symbols/material-symbols-outlined.woff2';

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const outRoot = resolve(process.argv[2] ?? ROOT);
  const python = process.env.MEDSEG_PYTHON ?? join(ROOT, '.venv/bin/python');
  const names = [...usedIcons(ROOT).keys()];
  execFileSync(
    python,
    [
      join(ROOT, 'scripts/icon_subset.py'),
      join(ROOT, SOURCE_FONT),
      join(outRoot, ICON_FONT_FILE),
      join(outRoot, ICON_NAMES_FILE),
      ...names,
    ],
    { stdio: 'inherit' },
  );
}
