"""Make the kiosk's own fonts (assets/fonts) from Debian's Noto packages.

The kiosk ships its fonts so that no text ever renders as boxes, whatever fonts the machine
has: Noto Sans (Latin, Greek, Cyrillic), Noto Sans Arabic, Noto Sans Hebrew, and four faces of
Noto Sans CJK, one per written form of Han characters: simplified Chinese (SC), traditional
Chinese (TC), Japanese (JP) and Korean (KR). The same code point is drawn differently in each
(直, 骨, 述), so the kiosk picks the face by the text's language (kiosk.ui.fonts.chain).

The first three are copied whole. Noto Sans CJK is too large to ship whole (about 20 MB a
weight for all five regions), so each face keeps only the characters its language needs:

- SC: GB2312 (the 6,763 simplified characters of mainland text) and Big5 level 1 (5,401
  common traditional characters, for Chinese text that mixes them in);
- TC: the whole of Big5 (13,053 characters, Taiwan's and Hong Kong's everyday set);
- JP: JIS X 0213 plane 1 (7,615 kanji: JIS X 0208's 6,355 of levels 1 and 2, and more, among
  them the 2010 Jōyō kanji that 0208 lacks: 𠮟, 塡, 剝, 頰), kana and half-width katakana;
- KR: every modern Hangul syllable (11,172), the Hangul jamo, and KS X 1001 (its 4,888 Hanja);

each with CJK punctuation, full-width forms, kana, and the characters of the kiosk's own
catalogues and language names. Layout features other than kerning are dropped: they pull in
other regions' glyph variants and vertical forms, which a horizontal kiosk never shows. Each
subset is renamed "Kiosk Sans CJK SC" (TC, JP, KR) so that it, not a system copy of the whole
font, draws the kiosk's text.

Sizes a weight: SC 2.6 MB, TC 4.1 MB, JP 2.4 MB, KR 3.2 MB; with Noto Sans, Arabic and Hebrew,
26.1 MB in all. TC is the largest because it keeps Big5's second level too: 5,500 of those
characters are in no other subset, and would otherwise be boxes in a Taiwanese text.

All these fonts are under the SIL Open Font License 1.1 without a Reserved Font Name, so
a subset may keep its name; OFL.txt (written here) carries their copyright notices and the
licence, as the OFL asks.

Needs fontTools (the `dev` extra) and the Debian packages fonts-noto-core and fonts-noto-cjk:

    apt-get install fonts-noto-core fonts-noto-cjk
    .venv/bin/python assets/fonts/make_fonts.py            # every font
    .venv/bin/python assets/fonts/make_fonts.py --only jp  # one CJK face (sc, tc, jp, kr)

The package need not be installed: `apt-get download fonts-noto-cjk && dpkg -x *.deb DIR`,
then `--cjk DIR/usr/share/fonts/opentype/noto`.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

HERE = Path(__file__).resolve().parent
CATALOGUES = HERE.parent / "i18n"
NOTO_CORE = Path("/usr/share/fonts/truetype/noto")
NOTO_CJK = Path("/usr/share/fonts/opentype/noto")
LICENCE_SOURCE = Path("/usr/share/doc/fonts-noto-cjk/copyright")

COPIED = ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf",
          "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf")
CJK_WEIGHTS = ("Regular", "Bold")
CJK_OUTPUT = "NotoSansCJK{tag}-{weight}-Subset.otf"

# Native names of languages a bundle may offer (kiosk.ui.languages): the home screen's
# language buttons show them in their own script, whatever face the visit's language picks.
EXTRA_TEXT = "日本語한국어中文简体中文繁體中文"
RANGES = (
    (0x0020, 0x007E),  # Basic Latin: digits and punctuation inside CJK text
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
                text = bytes([lead, trail]).decode(codec)
            except UnicodeDecodeError:
                continue
            found.update(text)  # a few JIS X 0213 cells decode to a letter and a combining mark
    return found


def gb2312() -> set[str]:
    return _double_byte("gb2312", range(0xA1, 0xF8), (range(0xA1, 0xFF),))


def big5_level1() -> set[str]:
    """Big5's symbols and its 5,401 frequently used characters (up to 0xC67E)."""
    return _double_byte("big5", range(0xA1, 0xC7), (range(0x40, 0x7F), range(0xA1, 0xFF)), last=0xC67E)


def big5() -> set[str]:
    """All of Big5: symbols, 5,401 frequent and 7,652 less frequent characters."""
    return _double_byte("big5", range(0xA1, 0xFA), (range(0x40, 0x7F), range(0xA1, 0xFF)))


def jis_x_0213_plane1() -> set[str]:
    """JIS X 0213's first plane (a superset of JIS X 0208), through EUC's two-byte cells."""
    return _double_byte("euc_jis_2004", range(0xA1, 0xFF), (range(0xA1, 0xFF),))


def ks_x_1001() -> set[str]:
    """KS X 1001: symbols, 2,350 Hangul syllables and 4,888 Hanja."""
    return _double_byte("euc_kr", range(0xA1, 0xFF), (range(0xA1, 0xFF),))


def modern_hangul() -> set[str]:
    """Every precomposed Hangul syllable, the conjoining jamo and the compatibility jamo."""
    points = [*range(0xAC00, 0xD7A4), *range(0x1100, 0x1200), *range(0x3130, 0x3190)]
    return {chr(point) for point in points}


def catalogue_text() -> str:
    """Every character of the kiosk's own words, so its interface is always covered."""
    texts = []
    for path in sorted(CATALOGUES.glob("*.json")):
        texts.extend(_strings(json.loads(path.read_text(encoding="utf-8"))))
    return "".join(texts)


def _strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [text for value in node.values() for text in _strings(value)]
    if isinstance(node, list):
        return [text for value in node for text in _strings(value)]
    return []


@dataclass(frozen=True)
class Region:
    """One face of Noto Sans CJK and what of it the kiosk keeps."""

    tag: str  # sc, tc, jp, kr: the file names' and the family's suffix
    characters: Callable[[], set[str]]

    @property
    def face(self) -> str:
        return f"Noto Sans CJK {self.tag.upper()}"

    @property
    def family(self) -> str:
        """The subset's own family name (kiosk.ui.fonts). Under the source's name, a machine with
        fonts-noto-cjk installed would draw from its 20 MB collections instead (the system's
        fonts come first for a family both have), and every glyph drawn would keep more of them
        in memory: over a day of visits in six languages, about 50 MB."""
        return f"Kiosk Sans CJK {self.tag.upper()}"

    def code_points(self) -> set[int]:
        points = {ord(c) for c in self.characters() | set(catalogue_text()) | set(EXTRA_TEXT)}
        for low, high in RANGES:
            points.update(range(low, high + 1))
        return points


REGIONS = (
    Region("sc", lambda: gb2312() | big5_level1()),
    Region("tc", big5),
    Region("jp", jis_x_0213_plane1),
    Region("kr", lambda: modern_hangul() | ks_x_1001()),
)


def face(collection: Path, name: str) -> TTFont:
    for font in TTCollection(str(collection)).fonts:
        if font["name"].getDebugName(1) == name:
            return font
    raise SystemExit(f"{collection} has no face named {name!r}")


def make_cjk(source: Path, target: Path, region: Region, points: set[int]) -> None:
    font = face(source, region.face)
    options = subset.Options()
    options.layout_features = ["kern"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=points)
    subsetter.subset(font)
    tag = region.tag
    rename(font, region.face, region.family, f"NotoSansCJK{tag}", f"KioskSansCJK{tag}")
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


def licence_text(source: Path) -> str:
    """The OFL 1.1's text, from the Debian package's copyright file (its `License: SIL-1.1` block)."""
    lines = source.read_text(encoding="utf-8").splitlines()
    # The licence's own paragraph: its `License:` line is followed by the indented text.
    start = next(i + 1 for i, line in enumerate(lines[:-1])
                 if line == "License: SIL-1.1" and lines[i + 1].startswith(" "))
    body = []
    for line in lines[start:]:
        if not line.startswith(" "):
            break
        body.append("" if line == " ." else line[1:])
    return "\n".join(body).strip() + "\n"


def write_licence(target: Path, fonts: list[Path], licence: Path) -> None:
    notices: dict[str, list[str]] = {}
    for path in fonts:
        font = TTFont(str(path), lazy=True)
        notice = re.sub(r"\s+", " ", font["name"].getDebugName(0) or "").strip()
        notices.setdefault(notice, []).append(path.name)
    families = ", ".join(region.family for region in REGIONS)
    header = ["The fonts in this folder are under the SIL Open Font License, Version 1.1 (below).",
              "The NotoSansCJK*-Subset files are subsets made by make_fonts.py from Noto Sans CJK",
              f"SC, TC, JP and KR, renamed {families}.", ""]
    for notice, names in notices.items():
        header.append(f"{', '.join(names)}:")
        header.append(f"  {notice}")
        header.append("")
    target.write_text("\n".join(header) + "\n" + licence_text(licence), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--core", type=Path, default=NOTO_CORE, help="folder of fonts-noto-core's TrueType files")
    parser.add_argument("--cjk", type=Path, default=NOTO_CJK, help="folder of fonts-noto-cjk's collections")
    parser.add_argument("--licence", type=Path, default=LICENCE_SOURCE,
                        help="fonts-noto-cjk's copyright file, whose OFL text OFL.txt carries")
    parser.add_argument("--only", choices=[region.tag for region in REGIONS],
                        help="make this CJK face only (OFL.txt is then left alone)")
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args(argv)
    made: list[Path] = []
    if args.only is None:
        for name in COPIED:
            shutil.copyfile(args.core / name, args.out / name)
            made.append(args.out / name)
    for region in REGIONS:
        if args.only not in (None, region.tag):
            continue
        points = region.code_points()
        for weight in CJK_WEIGHTS:
            started = time.perf_counter()
            target = args.out / CJK_OUTPUT.format(tag=region.tag, weight=weight)
            make_cjk(args.cjk / f"NotoSansCJK-{weight}.ttc", target, region, points)
            made.append(target)
            print(f"{target.name}: {len(points)} code points, {time.perf_counter() - started:.0f} s")
    if args.only is None:
        write_licence(args.out / "OFL.txt", made, args.licence)
    for path in made:
        print(f"{path.name:34} {path.stat().st_size / 1e6:5.2f} MB")
    every = sorted(args.out.glob("*.[ot]tf"))
    print(f"{'assets/fonts in all':34} {sum(p.stat().st_size for p in every) / 1e6:5.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
