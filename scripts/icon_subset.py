"""Cuts the Material Symbols Outlined font down to the icons the web app uses (run by scripts/gen).

The full variable font is 4 MB; the app shows about fifty icons at one weight. Icons are ligatures
("check_circle" typed in a mat-icon becomes the glyph), so a plain subset by text would keep every
ligature its letters can spell, i.e. all of them. Instead the ligature glyphs of the wanted names
are looked up in GSUB and kept with the letters, and GSUB closure is turned off.

Usage: icon_subset.py SOURCE.woff2 OUT.woff2 OUT.json NAME...
Writes the subset font and a JSON list of the ligatures it really contains (read back from it).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

# The look the app has always had: mat-icon's default outlined style at regular weight.
AXES = {"FILL": 0, "wght": 400, "GRAD": 0, "opsz": 24}


def ligatures(font: TTFont) -> dict[str, str]:
    """Maps each ligature's text (e.g. "check_circle") to its glyph name."""
    glyph_to_char = {glyph: chr(code) for code, glyph in font.getBestCmap().items()}
    found: dict[str, str] = {}
    for lookup in font["GSUB"].table.LookupList.Lookup:
        for table in lookup.SubTable:
            if table.LookupType == 7:  # extension: the real subtable is inside
                table = table.ExtSubTable
            if table.LookupType != 4:
                continue
            for first, ligs in table.ligatures.items():
                for lig in ligs:
                    glyphs = [first, *lig.Component]
                    if all(g in glyph_to_char for g in glyphs):
                        found["".join(glyph_to_char[g] for g in glyphs)] = lig.LigGlyph
    return found


def main(source: Path, out_font: Path, out_names: Path, names: list[str]) -> None:
    font = TTFont(source)
    available = ligatures(font)
    missing = sorted(n for n in names if n not in available)
    if missing:
        raise SystemExit(f"icon_subset: not Material Symbols icons: {', '.join(missing)}")

    letters = sorted({c for name in names for c in name})
    options = subset.Options()
    options.layout_features = ["rlig", "liga"]  # Material Symbols puts its ligatures in rlig
    options.layout_closure = False
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.flavor = "woff2"
    subsetter = subset.Subsetter(options)
    subsetter.populate(glyphs=[available[n] for n in names], unicodes=[ord(c) for c in letters])
    subsetter.subset(font)
    # Pinning the axes after the subset is quick: only the kept glyphs' variations remain.
    font = instancer.instantiateVariableFont(font, AXES)
    font.flavor = "woff2"
    font.recalcTimestamp = False  # the same names give the same bytes (check-generated diffs them)
    out_font.parent.mkdir(parents=True, exist_ok=True)
    font.save(out_font)

    kept = sorted(n for n in ligatures(TTFont(out_font)) if n in set(names))
    out_names.write_text(json.dumps(kept, indent=2) + "\n")


if __name__ == "__main__":
    if len(sys.argv) < 5:
        raise SystemExit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sorted(set(sys.argv[4:])))
