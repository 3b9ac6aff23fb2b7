// The Material Symbols names the web app renders, found in its sources, so the icon font can be
// cut down to them (scripts/icon_subset.py) and a test can tell when one is missing.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const NAME = /^[a-z0-9_]+$/;
// A quoted name that is not one side of a comparison (`state === 'failed' ? 'error' : 'block'`).
const QUOTED = /(?<![=!]==?\s*)'([a-z0-9_]+)'(?!\s*[=!]==?)/g;

/**
 * Where icon names appear:
 * - `<mat-icon …>name</mat-icon>`, or `{{ … 'name' … }}` inside a mat-icon;
 * - an `icon="name"` attribute (page headers, empty states) or `icon: 'name'` property (nav links);
 * - `icon = input('name')` defaults, `…Icon = computed(() => … 'name' …)` and `… ICONS … = { … }` maps.
 * A name built any other way is not found: keep icon names literal in one of these forms.
 */
const PATTERNS = [
  { re: /<mat-icon\b[^>]*>([^<]*)<\/mat-icon>/g, names: (m) => iconText(m[1]) },
  { re: /\bicon="([a-z0-9_]+)"/g, names: (m) => [m[1]] },
  { re: /\bicon:\s*'([a-z0-9_]+)'/g, names: (m) => [m[1]] },
  { re: /\bicon\s*=\s*input\(\s*'([a-z0-9_]+)'/g, names: (m) => [m[1]] },
  // Up to the `});` or `));` that closes the computed, not the first call inside it.
  { re: /[iI]con\s*=\s*computed\(([\s\S]*?)[})]\);/g, names: (m) => quoted(m[1]) },
  { re: /\b[A-Z_]*ICONS\b[^=]*=\s*\{([\s\S]*?)\};/g, names: (m) => quoted(m[1]) },
];

function iconText(text) {
  const trimmed = text.trim();
  if (trimmed.startsWith('{{')) return quoted(trimmed);
  return NAME.test(trimmed) ? [trimmed] : [];
}

function quoted(text) {
  return [...text.matchAll(QUOTED)].map((m) => m[1]);
}

function* sourceFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'generated' && entry.name !== 'testing') yield* sourceFiles(path);
    } else if (/\.(html|ts)$/.test(entry.name) && !entry.name.endsWith('.spec.ts')) {
      yield path;
    }
  }
}

/** name -> files (relative to `root`) that use it, for every icon under web/src/app. */
export function usedIcons(root) {
  const appDir = join(root, 'web/src/app');
  const used = new Map();
  for (const file of sourceFiles(appDir)) {
    const text = readFileSync(file, 'utf8');
    for (const { re, names } of PATTERNS) {
      for (const match of text.matchAll(re)) {
        for (const name of names(match)) {
          if (!used.has(name)) used.set(name, new Set());
          used.get(name).add(relative(root, file));
        }
      }
    }
  }
  return new Map([...used].sort(([a], [b]) => a.localeCompare(b)));
}
