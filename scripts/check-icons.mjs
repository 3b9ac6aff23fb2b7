// Fails when the web app uses an icon that the committed font subset lacks (it would render as
// its name in letters): run `npm run gen` to cut the subset again and commit it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { usedIcons } from './lib/icon-names.mjs';
import { ICON_NAMES_FILE, ROOT } from './lib/icon-font.mjs';

const inFont = new Set(JSON.parse(readFileSync(join(ROOT, ICON_NAMES_FILE), 'utf8')));
const missing = [...usedIcons(ROOT)].filter(([name]) => !inFont.has(name));
for (const [name, files] of missing) {
  console.error(`icon "${name}" (used in ${[...files].join(', ')}) is not in the icon font subset`);
}
if (missing.length > 0) {
  console.error('Run `npm run gen` and commit web/src/icons/generated/.');
  process.exit(1);
}
console.log(`all ${usedIcons(ROOT).size} icons used by the web app are in the font subset`);
