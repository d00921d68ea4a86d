"""Make the kiosk's own fonts (assets/fonts) from Debian's Noto packages.

The kiosk ships its fonts so that no text ever renders as boxes, whatever fonts the machine
has: Noto Sans (Latin, Greek, Cyrillic), Noto Sans Arabic, and Noto Sans CJK SC for Chinese.
The first two are copied whole. The CJK font is too large to ship whole (about 20 MB a
weight, for five regions), so this keeps the simplified-Chinese face and only the characters
a Chinese exhibition needs: GB2312 (the 6,763 simplified characters of mainland text), Big5
level 1 (the 5,401 common traditional characters of Taiwan and Hong Kong), CJK punctuation,
full-width forms, kana, and the characters of the kiosk's own catalogues and language names.
Layout features other than kerning are dropped: they pull in other regions' glyph variants
and vertical forms, which a horizontal kiosk never shows. About 2.6 MB a weight results. The
subset is renamed "Kiosk Sans CJK SC" so that it, not a system copy of the whole font, draws
the kiosk's Chinese.

All these fonts are under the SIL Open Font License 1.1 without a Reserved Font Name, so
a subset may keep its name; OFL.txt (written here) carries their copyright notices and the
licence, as the OFL asks.

Needs fontTools (the `dev` extra) and the Debian packages fonts-noto-core and fonts-noto-cjk:

    apt-get install fonts-noto-core fonts-noto-cjk
    .venv/bin/python assets/fonts/make_fonts.py
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import time
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

HERE = Path(__file__).resolve().parent
CATALOGUES = HERE.parent / "i18n"
NOTO_CORE = Path("/usr/share/fonts/truetype/noto")
NOTO_CJK = Path("/usr/share/fonts/opentype/noto")
LICENCE_SOURCE = Path("/usr/share/doc/fonts-noto-cjk/copyright")

COPIED = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf")
CJK_WEIGHTS = ("Regular", "Bold")
CJK_FACE = "Noto Sans CJK SC"
CJK_OUTPUT = "NotoSansCJKsc-{weight}-Subset.otf"
# The subset's own family name (kiosk.ui.fonts.CJK). Under the source's name, a machine with
# fonts-noto-cjk installed would draw Chinese from its 20 MB collections instead (the system's
# fonts come first for a family both have), and every glyph drawn would keep more of them in
# memory: over a day of visits in six languages, about 50 MB.
CJK_FAMILY = "Kiosk Sans CJK SC"

# Native names of languages a bundle may offer (kiosk.ui.i18n.NATIVE_NAMES): ja and ko need
# their own characters on the home screen's language buttons.
EXTRA_TEXT = "日本語한국어中文"
RANGES = (
    (0x0020, 0x007E),  # Basic Latin: digits and punctuation inside Chinese text
    (0x2010, 0x2027),  # dashes, quotes, ellipsis
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x30FF),  # hiragana and katakana
    (0xFF00, 0xFFEF),  # half-width and full-width forms
)


def _double_byte(codec: str, first: range, second: tuple[range, ...], last: int = 0xFFFF) -> set[str]:
    """Every character a double-byte codec encodes in the given lead and trail byte ranges."""
    found: set[str] = set()
    for lead in first:
        for trail in (t for block in second for t in block):
            if (lead << 8 | trail) > last:
                continue
            try:
                found.add(bytes([lead, trail]).decode(codec))
            except UnicodeDecodeError:
                continue
    return found


def gb2312() -> set[str]:
    return _double_byte("gb2312", range(0xA1, 0xF8), (range(0xA1, 0xFF),))


def big5_level1() -> set[str]:
    """Big5's symbols and its 5,401 frequently used characters (up to 0xC67E)."""
    return _double_byte("big5", range(0xA1, 0xC7), (range(0x40, 0x7F), range(0xA1, 0xFF)), last=0xC67E)


def catalogue_text() -> str:
    """Every character of the kiosk's own words, so its Chinese interface is always covered."""
    texts = []
    for path in sorted(CATALOGUES.glob("*.json")):
        texts.extend(json.loads(path.read_text(encoding="utf-8")).values())
    return "".join(texts)


def cjk_code_points() -> set[int]:
    points = {ord(c) for c in gb2312() | big5_level1() | set(catalogue_text()) | set(EXTRA_TEXT)}
    for low, high in RANGES:
        points.update(range(low, high + 1))
    return points


def face(collection: Path, name: str) -> TTFont:
    for font in TTCollection(str(collection)).fonts:
        if font["name"].getDebugName(1) == name:
            return font
    raise SystemExit(f"{collection} has no face named {name!r}")


def make_cjk(source: Path, target: Path, points: set[int]) -> None:
    font = face(source, CJK_FACE)
    options = subset.Options()
    options.layout_features = ["kern"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=points)
    subsetter.subset(font)
    rename(font, CJK_FACE, CJK_FAMILY, "NotoSansCJKsc", "KioskSansCJKsc")
    font.save(str(target))


def rename(font: TTFont, old: str, new: str, old_ps: str, new_ps: str) -> None:
    """Give a face a family name of its own (and PostScript name), in its name and CFF tables alike."""
    for record in font["name"].names:
        text = record.toUnicode()
        if record.nameID in (1, 3, 4, 16, 18) or (record.nameID == 21):
            record.string = text.replace(old, new).replace(old_ps, new_ps)
        elif record.nameID == 6:
            record.string = text.replace(old_ps, new_ps)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [name.replace(old_ps, new_ps) for name in cff.fontNames]
        for top in cff.topDictIndex:
            for key in ("FamilyName", "FullName"):
                if hasattr(top, key):
                    setattr(top, key, getattr(top, key).replace(old, new))


def licence_text() -> str:
    """The OFL 1.1's text, from the Debian package's copyright file (its `License: SIL-1.1` block)."""
    lines = LICENCE_SOURCE.read_text(encoding="utf-8").splitlines()
    # The licence's own paragraph: its `License:` line is followed by the indented text.
    start = next(i + 1 for i, line in enumerate(lines[:-1])
                 if line == "License: SIL-1.1" and lines[i + 1].startswith(" "))
    body = []
    for line in lines[start:]:
        if not line.startswith(" "):
            break
        body.append("" if line == " ." else line[1:])
    return "\n".join(body).strip() + "\n"


def write_licence(target: Path, fonts: list[Path]) -> None:
    notices: dict[str, list[str]] = {}
    for path in fonts:
        font = TTFont(str(path), lazy=True)
        notice = re.sub(r"\s+", " ", font["name"].getDebugName(0) or "").strip()
        notices.setdefault(notice, []).append(path.name)
    header = ["The fonts in this folder are under the SIL Open Font License, Version 1.1 (below).",
              "The NotoSansCJKsc files are subsets made by make_fonts.py from Noto Sans CJK SC,",
              f"renamed {CJK_FAMILY}.", ""]
    for notice, names in notices.items():
        header.append(f"{', '.join(names)}:")
        header.append(f"  {notice}")
        header.append("")
    target.write_text("\n".join(header) + "\n" + licence_text(), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--core", type=Path, default=NOTO_CORE, help="folder of fonts-noto-core's TrueType files")
    parser.add_argument("--cjk", type=Path, default=NOTO_CJK, help="folder of fonts-noto-cjk's collections")
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args(argv)
    made: list[Path] = []
    for name in COPIED:
        shutil.copyfile(args.core / name, args.out / name)
        made.append(args.out / name)
    points = cjk_code_points()
    for weight in CJK_WEIGHTS:
        started = time.perf_counter()
        target = args.out / CJK_OUTPUT.format(weight=weight)
        make_cjk(args.cjk / f"NotoSansCJK-{weight}.ttc", target, points)
        made.append(target)
        print(f"{target.name}: {len(points)} code points, {time.perf_counter() - started:.0f} s")
    write_licence(args.out / "OFL.txt", made)
    for path in made:
        print(f"{path.name:34} {path.stat().st_size / 1e6:5.2f} MB")
    print(f"{'total':34} {sum(p.stat().st_size for p in made) / 1e6:5.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
