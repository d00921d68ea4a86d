"""SVG pictures made safe to draw: nothing outside the file, and a bounded amount of drawing.

Qt's SVG renderer follows what a picture refers to: `<image href="/etc/…">` shows any file the
kiosk can read, `href` to a FIFO blocks the thread that parses it, and `<use>` elements that
each repeat the one before ten times, ten levels deep, ask for 10¹⁰ shapes, which no thread
finishes drawing. So the kiosk never hands Qt a bundle's SVG file: it reads it here first, with
expat and no DTD (an internal subset, where entities are declared, is refused), counts what
drawing it would take, and writes it out again keeping only references to the picture's own
elements (`#id`, `url(#id)`) and raster pictures embedded as `data:` URIs. Qt then reads these
bytes from memory, so there is nothing else it could fetch.

The budget: at most `MAX_SVG_BYTES` of file, `MAX_ELEMENTS` elements written in it and
`MAX_DRAWN` elements drawn once every reference is followed (a `<use>`, a gradient or pattern
named by `url(#…)`, counted with what it refers to). Drawing `MAX_DRAWN` simple shapes full
screen takes Qt well under a second on a kiosk's processor, and reading a file at the limits
here about 0.6 s (once per file: `kiosk.ui.imaging` keeps the result). A picture over budget,
or not well-formed, is not drawn at all (the player shows its placeholder); `kiosk validate`
reports it, and every outside reference, as an error at its line. Qt-free.
"""

from __future__ import annotations

import base64
import binascii
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree
from xml.parsers import expat

from kiosk.bundle import media

MAX_SVG_BYTES = 4 * 1024 * 1024
MAX_ELEMENTS = 50_000
MAX_DRAWN = 200_000
SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
EMBED_HINT = "SVGs may refer only to their own elements ('#id'); embed a picture as a data: URI, or save it without links"
_DROPPED_ELEMENTS = {"script", "foreignObject"}
_NEEDS_HREF = {"image", "feImage"}
_EMBEDDED = re.compile(r"data:image/(png|jpeg|jpg|webp);base64,", re.IGNORECASE)
_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)
_IMPORT = re.compile(r"@import\b[^;]*;?", re.IGNORECASE)

ElementTree.register_namespace("", SVG_NS)
ElementTree.register_namespace("xlink", XLINK_NS)


@dataclass(frozen=True)
class SvgProblem:
    """Something in an SVG file the kiosk will not draw, at a line of the file (0: the whole file)."""

    line: int
    message: str
    hint: str
    fatal: bool  # True: the picture is not drawn at all; False: the reference is left out


@dataclass
class SafeSvg:
    """An SVG as the kiosk draws it: `data` is None when nothing may be drawn (see `problems`)."""

    data: bytes | None
    problems: list[SvgProblem] = field(default_factory=list)


class _Refused(Exception):
    def __init__(self, problem: SvgProblem) -> None:
        super().__init__(problem.message)
        self.problem = problem


def read_svg(path: Path) -> bytes:
    """The bytes of a regular file of at most `MAX_SVG_BYTES` (one byte more says it is larger).

    OSError for anything else: a FIFO or a device would block or never end."""
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(f"{path} is not a regular file")
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            return stream.read(MAX_SVG_BYTES + 1)
    finally:
        os.close(descriptor)


def sanitise(data: bytes) -> SafeSvg:
    """The SVG in `data` with everything outside it removed, or refused if over budget."""
    if len(data) > MAX_SVG_BYTES:
        return SafeSvg(None, [too_large_problem()])
    builder = _Builder()
    try:
        root = builder.parse(data)
        drawn = _drawn(root, builder.ids, builder.lines)
    except _Refused as refused:
        return SafeSvg(None, [*builder.problems, refused.problem])
    if drawn > MAX_DRAWN:
        problem = SvgProblem(0, f"the SVG draws {_count(drawn)} elements once its references are followed; "
                             f"at most {MAX_DRAWN:,} are drawn",
                             "each <use> repeats what it names: simplify it, or save it as a PNG", fatal=True)
        return SafeSvg(None, [*builder.problems, problem])
    return SafeSvg(ElementTree.tostring(root, encoding="utf-8", xml_declaration=True), builder.problems)


def too_large_problem() -> SvgProblem:
    return SvgProblem(0, f"the SVG is over {MAX_SVG_BYTES // (1024 * 1024)} MB",
                      "simplify it, or save it as a PNG or JPEG", fatal=True)


def _count(number: int) -> str:
    return f"{number:,}" if number < 10**12 else f"more than {10**12:,}"


class _Builder:
    """Builds the element tree from expat's events, checking as it goes."""

    def __init__(self) -> None:
        self.problems: list[SvgProblem] = []
        self.ids: dict[str, ElementTree.Element] = {}
        self.lines: dict[int, int] = {}
        self._builder = ElementTree.TreeBuilder()
        self._elements = 0
        self._dropping = 0
        self._parser = expat.ParserCreate(namespace_separator="}")
        self._parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self._parser.StartDoctypeDeclHandler = self._doctype
        self._parser.EntityDeclHandler = self._entity
        self._parser.ExternalEntityRefHandler = self._external
        self._parser.StartElementHandler = self._start
        self._parser.EndElementHandler = self._end
        self._parser.CharacterDataHandler = self._text

    def parse(self, data: bytes) -> ElementTree.Element:
        try:
            self._parser.Parse(data, True)
        except expat.ExpatError as error:
            raise _Refused(SvgProblem(error.lineno, f"is not well-formed XML: {expat.ErrorString(error.code)}",
                                      "open it in an SVG editor and save it again", fatal=True)) from None
        root = self._builder.close()
        if _local(root.tag) != "svg":
            raise _Refused(SvgProblem(1, "does not start with an <svg> element", "save it again as SVG", fatal=True))
        return root

    def _line(self) -> int:
        return int(self._parser.CurrentLineNumber)

    def _doctype(self, _name: str, _system: str | None, _public: str | None, has_internal_subset: bool) -> None:
        if has_internal_subset:
            raise _Refused(SvgProblem(self._line(), "declares entities in its DOCTYPE",
                                      "remove the DOCTYPE's [...] part: SVGs need no entities", fatal=True))

    def _entity(self, *_args: object) -> None:
        raise _Refused(SvgProblem(self._line(), "declares an entity", "remove it: SVGs need no entities", fatal=True))

    def _external(self, *_args: object) -> int:
        raise _Refused(SvgProblem(self._line(), "refers to an external entity", "remove it", fatal=True))

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        tag = _clark(name)
        if self._dropping or _local(tag) in _DROPPED_ELEMENTS:
            self._dropping += 1
            return
        self._elements += 1
        if self._elements > MAX_ELEMENTS:
            raise _Refused(SvgProblem(self._line(), f"has more than {MAX_ELEMENTS:,} elements",
                                      "simplify it, or save it as a PNG", fatal=True))
        kept = {}
        for key, value in attributes.items():
            cleaned = self._attribute(_clark(key), value)
            if cleaned is not None:
                kept[_clark(key)] = cleaned
        if _local(tag) in _NEEDS_HREF and not any(_local(key) == "href" for key in kept):
            self._dropping += 1  # a picture whose reference was left out: nothing to draw
            return
        element = self._builder.start(tag, kept)
        self.lines[id(element)] = self._line()
        ident = kept.get("id")
        if ident is not None:
            self.ids.setdefault(ident, element)

    def _end(self, name: str) -> None:
        if self._dropping:
            self._dropping -= 1
            return
        element = self._builder.end(_clark(name))
        if _local(element.tag) == "style" and element.text:
            element.text = self._style(element.text)

    def _text(self, text: str) -> None:
        if not self._dropping:
            self._builder.data(text)

    def _attribute(self, key: str, value: str) -> str | None:
        if _local(key) == "href":
            if value.startswith("#"):
                return value
            if _EMBEDDED.match(value.strip()):
                return value if self._embedded(value.strip()) else None
            self._outside(value)
            return None
        if "url(" in value.lower() or "@import" in value.lower():
            return self._style(value)
        return value

    def _style(self, text: str) -> str:
        """Style text with every `url(…)` that is not `url(#id)` and every `@import` taken out."""
        def keep(match: re.Match[str]) -> str:
            if match.group(2).strip().startswith("#"):
                return match.group(0)
            self._outside(match.group(2).strip())
            return "none"

        for found in _IMPORT.finditer(text):
            self._outside(found.group(0).strip())
        return _URL.sub(keep, _IMPORT.sub("", text))

    def _embedded(self, uri: str) -> bool:
        """Whether a data: URI holds a raster picture whose declared size the kiosk decodes."""
        try:
            head = base64.b64decode(uri.partition(",")[2][:1024].encode("ascii") + b"===", validate=False)
        except (binascii.Error, UnicodeEncodeError):
            head = b""
        size = media.declared_size(head)
        if size is None or size[0] * size[1] > media.MAX_PIXELS:
            self.problems.append(SvgProblem(self._line(), "embeds a picture the kiosk cannot read, or one over "
                                            f"{media.MAX_PIXELS // 1_000_000} megapixels", "embed a smaller PNG or JPEG",
                                            fatal=False))
            return False
        return True

    def _outside(self, reference: str) -> None:
        shown = reference if len(reference) <= 80 else reference[:77] + "..."
        self.problems.append(SvgProblem(self._line(), f"refers to '{shown}' outside the SVG; the kiosk leaves it out",
                                        EMBED_HINT, fatal=False))


def _clark(name: str) -> str:
    """expat's 'namespace}local' as ElementTree's '{namespace}local'."""
    return "{" + name if "}" in name else name


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _references(element: ElementTree.Element) -> list[str]:
    """The ids an element refers to: its href and every url(#id) in its attributes."""
    found = []
    for key, value in element.attrib.items():
        if _local(key) == "href" and value.startswith("#"):
            found.append(value[1:])
        elif "url(" in value:
            found.extend(match.group(2).strip()[1:] for match in _URL.finditer(value))
    return found


def _drawn(root: ElementTree.Element, ids: dict[str, ElementTree.Element], lines: dict[int, int]) -> int:
    """How many elements drawing `root` visits once every reference is followed.

    Each element costs one plus its children plus what it refers to; memoised, so a
    `<use>` bomb is counted in a few steps however large its product. A reference that leads
    back to an element being counted is a loop, which is refused."""
    costs: dict[int, int] = {}
    counting: set[int] = set()
    stack: list[tuple[ElementTree.Element, bool]] = [(root, False)]
    while stack:
        element, expanded = stack.pop()
        key = id(element)
        if key in costs:
            continue
        targets = [ids[name] for name in _references(element) if name in ids]
        if not expanded:
            if key in counting:
                raise _Refused(SvgProblem(lines.get(key, 0), "refers to itself in a loop (through <use> or url(#…))",
                                          "remove the reference that leads back", fatal=True))
            counting.add(key)
            stack.append((element, True))
            for child in [*element, *targets]:
                if id(child) in counting and id(child) not in costs:
                    raise _Refused(SvgProblem(lines.get(id(child), 0),
                                              "refers to itself in a loop (through <use> or url(#…))",
                                              "remove the reference that leads back", fatal=True))
                stack.append((child, False))
            continue
        costs[key] = min(1 + sum(costs[id(child)] for child in [*element, *targets]), 10**13)
        counting.discard(key)
    return costs[id(root)]
