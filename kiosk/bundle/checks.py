"""Checks that need the whole manifest and the bundle's files: ids, references, media,
languages, accessibility and the files nothing refers to."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import replace

import yaml

from kiosk.bundle import captions, media, svg
from kiosk.bundle.accessibility import MARKDOWN_KEYS, AccessibilityChecker, markdown_pictures, missing_languages
from kiosk.bundle.declare import Localized, Text
from kiosk.bundle.findings import Report
from kiosk.bundle.glyphs import check_glyphs
from kiosk.bundle.habits import check_repeated_titles
from kiosk.bundle.interface_words import check_interface_words
from kiosk.bundle.loader import MANIFEST, LoadedManifest
from kiosk.bundle.model import Manifest
from kiosk.bundle.source import CHECKSUMS, BundleSource, is_junk
from kiosk.declare.nodes import position

MAX_SECTIONS = 200
MAX_EXHIBITS_PER_SECTION = 500
MAX_EXHIBITS = 10_000


class BundleChecker:
    def __init__(self, source: BundleSource, loaded: LoadedManifest, report: Report, *, advice: bool = True) -> None:
        self.source = source
        self.advice = advice
        self.loaded = loaded
        self.report = report
        self.referenced: set[str] = set()
        self.checked: set[str] = set()

    def _at(self, key: str) -> dict[str, object]:
        line, column = self.loaded.locations.get(key, (None, None))
        return {"file": MANIFEST, "line": line, "column": column, "key": key}

    def run(self, root: yaml.Node | None) -> None:
        declared = self._check_ids(root)
        self._check_refs(declared)
        self._check_files()
        self._check_markdown_pictures()
        manifest = self.loaded.manifest
        if manifest is not None:
            self._check_languages(manifest)
            AccessibilityChecker(self.loaded, self.report).run(manifest)
            if self.advice:
                check_repeated_titles(self.loaded, self.report)
                check_glyphs(self.source, self.loaded, self.report)
            check_interface_words(self.loaded, self.report)
        self._check_unreferenced()

    # -- ids and references ---------------------------------------------------------------

    def _check_ids(self, root: yaml.Node | None) -> set[str]:
        """Exhibit refs declared in the manifest, read from the nodes so that a broken
        exhibit still counts as declared; duplicate ids reported where they stand."""
        declared: set[str] = set()
        sections = _mapping_get(root, "sections")
        section_ids: dict[str, int] = {}
        self._check_counts(sections)
        for s, section in enumerate(_sequence(sections)):
            section_id = _scalar(_mapping_get(section, "id"))
            if section_id is not None:
                self._duplicate(section_ids, section_id, _mapping_get(section, "id"), f"sections[{s}].id",
                                "section")
            exhibit_ids: dict[str, int] = {}
            for e, exhibit in enumerate(_sequence(_mapping_get(section, "exhibits"))):
                id_node = _mapping_get(exhibit, "id")
                exhibit_id = _scalar(id_node)
                if exhibit_id is None or section_id is None:
                    continue
                self._duplicate(exhibit_ids, exhibit_id, id_node, f"sections[{s}].exhibits[{e}].id",
                                "exhibit in this section")
                declared.add(f"{section_id}/{exhibit_id}")
        return declared

    def _check_counts(self, sections: yaml.Node | None) -> None:
        """Sections and exhibits within what a kiosk can show: a visitor pages through at most
        a few hundred tiles, and the player builds every section's screen."""
        listed = _sequence(sections)
        if len(listed) > MAX_SECTIONS:
            line, column = position(listed[MAX_SECTIONS])
            self.report.error(f"there are {len(listed):,} sections; a kiosk shows at most {MAX_SECTIONS}",
                              file=MANIFEST, line=line, column=column, key=f"sections[{MAX_SECTIONS}]",
                              hint="group the exhibits into fewer sections, or split the exhibition into bundles")
        total = 0
        for s, section in enumerate(listed):
            exhibits = _sequence(_mapping_get(section, "exhibits"))
            total += len(exhibits)
            if len(exhibits) > MAX_EXHIBITS_PER_SECTION:
                line, column = position(exhibits[MAX_EXHIBITS_PER_SECTION])
                self.report.error(f"this section has {len(exhibits):,} exhibits; a section shows at most "
                                  f"{MAX_EXHIBITS_PER_SECTION}", file=MANIFEST, line=line, column=column,
                                  key=f"sections[{s}].exhibits[{MAX_EXHIBITS_PER_SECTION}]",
                                  hint="move some exhibits into another section")
        if total > MAX_EXHIBITS and sections is not None:
            line, column = position(sections)
            self.report.error(f"there are {total:,} exhibits; a bundle holds at most {MAX_EXHIBITS:,}",
                              file=MANIFEST, line=line, column=column, key="sections",
                              hint="split the exhibition into several bundles")

    def _duplicate(self, seen: dict[str, int], ident: str, node: yaml.Node | None, key: str, what: str) -> None:
        assert node is not None
        line, column = position(node)
        if ident in seen:
            self.report.error(f"id '{ident}' is already used by another {what}", file=MANIFEST, line=line,
                              column=column, key=key, hint=f"the first is on line {seen[ident]}; ids must be unique")
        else:
            seen[ident] = line

    def _check_refs(self, declared: set[str]) -> None:
        for ref in self.loaded.refs:
            where = {"file": MANIFEST, "line": ref.line, "column": ref.column, "key": ref.key}
            if "/" not in ref.value:
                hint = "write it as 'section-id/exhibit-id'"
                match = [d for d in declared if d.endswith(f"/{ref.value}")]
                if match:
                    hint += f", here '{sorted(match)[0]}'"
                self.report.error(f"'{ref.value}' is not an exhibit reference", hint=hint, **where)
            elif ref.value not in declared:
                section = ref.value.split("/")[0] + "/"
                nearby = [d for d in declared if d.startswith(section)] or list(declared)
                close = difflib.get_close_matches(ref.value, nearby, n=1)
                hint = f"did you mean '{close[0]}'?" if close else "no exhibit has that section and id"
                self.report.error(f"'{ref.value}' refers to no exhibit", hint=hint, **where)

    # -- files ----------------------------------------------------------------------------

    def _file_refs(self) -> Iterator[tuple[str, str, int, int, tuple[str, ...]]]:
        for located in self.loaded.files:
            if isinstance(located.value, Localized):
                for language, path in located.value.values.items():
                    key = f"{located.key}.{language}" if language else located.key
                    line, column = self.loaded.locations.get(key, (located.line, located.column))
                    yield key, path, line, column, located.kinds
            else:
                yield located.key, located.value, located.line, located.column, located.kinds

    def _check_files(self) -> None:
        for key, written, line, column, kinds in self._file_refs():
            path = written
            where = {"file": MANIFEST, "line": line, "column": column, "key": key}
            problem = _path_problem(path)
            if problem:
                self.report.error(f"'{path}' {problem[0]}", hint=problem[1], **where)
                continue
            path = written.removeprefix("./")
            kind = media.kind_of(path)
            expected = " or ".join(media.KIND_NAMES[k] for k in kinds)
            if kind not in kinds:
                suffixes = " ".join(s for k in kinds for s in media.KINDS[k])
                self.report.error(f"'{path}' should be {expected}", hint=f"allowed: {suffixes}", **where)
                continue
            if path not in self.source.sizes:
                self.report.error(f"'{path}' does not exist", hint=self._did_you_mean(path, kinds),
                                  confined_to=path, **where)
                continue
            self.referenced.add(path)
            if path not in self.checked:
                self.checked.add(path)
                self._check_content(path, kind, {**where, "confined_to": path})

    def _check_markdown_pictures(self) -> None:
        """The kiosk shows the pictures of an article's Markdown (`![what it shows](path)`):
        each must be a picture file of the bundle, like the files the manifest names."""
        for text in self.loaded.texts:
            if text.key.rpartition(".")[2] not in MARKDOWN_KEYS:
                continue
            for code, markdown in text.value.values.items():
                where = self._at(f"{text.key}.{code}" if code else text.key)
                for _alt, written in markdown_pictures(markdown):
                    problem = _path_problem(written)
                    path = written.removeprefix("./")
                    if problem:
                        self.report.error(f"the picture '{written}' in the Markdown {problem[0]}", hint=problem[1],
                                          **where)
                    elif media.kind_of(path) != "image":
                        self.report.error(f"the picture '{path}' in the Markdown should be an image",
                                          hint=f"allowed: {' '.join(media.KINDS['image'])}", **where)
                    elif path not in self.source.sizes:
                        self.report.error(f"the picture '{path}' in the Markdown does not exist",
                                          hint=self._did_you_mean(path, ("image",)), confined_to=path, **where)
                    else:
                        self.referenced.add(path)

    def _did_you_mean(self, path: str, kinds: tuple[str, ...]) -> str:
        candidates = [p for p in self.source.sizes if media.kind_of(p) in kinds] or list(self.source.sizes)
        others = [p for p in candidates if not self._same_language(path, p)]
        candidates = [p for p in candidates if p not in others]
        folded = [p for p in candidates if p.casefold() == path.casefold()]
        close = folded or difflib.get_close_matches(path, candidates, n=1, cutoff=0.6)
        if close:
            return f"did you mean '{close[0]}'?"
        if difflib.get_close_matches(path, others, n=1, cutoff=0.6):
            noun = "caption files" if "captions" in kinds else "files"
            return f"add this file: the {noun} with names like it are in other languages"
        return "paths are relative to the folder that holds exhibition.yaml"

    def _same_language(self, path: str, candidate: str) -> bool:
        """Whether `candidate` could be the caption file meant by the missing `path`: a file in
        another language never is, however alike the names (`film.fr.vtt` for `film.de.vtt`).

        The languages come from the manifest: those `path` is written for, those `candidate` is
        already used for; a name that spells the language (`.de.`, `/de/`, `_de.`) must spell
        the same one."""
        meant: set[str] = set()
        used: set[str] = set()
        codes = set(self.loaded.manifest.languages) if self.loaded.manifest is not None else set()
        for located in self.loaded.files:
            if not isinstance(located.value, Localized):
                continue
            for code, written in located.value.values.items():
                codes.add(code)
                if written.removeprefix("./") == path:
                    meant.add(code)
                if written.removeprefix("./") == candidate:
                    used.add(code)
        meant.discard("")
        used.discard("")
        codes.discard("")
        if not meant:
            return True
        if used - meant:
            return False
        if any(_names_language(path, code) for code in meant):
            return any(_names_language(candidate, code) for code in meant)
        return not any(_names_language(candidate, code) for code in codes - meant)

    def _check_content(self, path: str, kind: str, where: dict[str, object]) -> None:
        size = self.source.sizes[path]
        if size == 0:
            self.report.error(f"'{path}' is empty", hint="export the file again", **where)
            return
        if kind == "captions":
            first = len(self.report.findings)
            self._check_captions(path)
            self.report.findings[first:] = [replace(finding, confined_to=path)
                                            for finding in self.report.findings[first:]]
            return
        try:
            head = self.source.read(path, media.HEAD_BYTES)
        except OSError as error:
            self.report.error(f"'{path}' cannot be read: {error}", **where)
            return
        if not media.matches_content(path, head):
            suffix = path[path.rfind("."):]
            self.report.error(
                f"'{path}' is named {suffix} but holds {media.guess_content(head)}",
                hint="convert it, or give it the extension of what it holds", **where)
        elif kind == "image":
            self._check_picture(path, head, where)

    def _check_picture(self, path: str, head: bytes, where: dict[str, object]) -> None:
        """What the player refuses to draw: an SVG over budget or reaching outside itself, a
        raster picture declaring more pixels than `media.MAX_PIXELS`."""
        try:
            if path.lower().endswith(".svg"):
                size = self.source.sizes[path]
                data = b"" if size > svg.MAX_SVG_BYTES else self.source.read(path)
            elif self.source.sizes[path] > len(head):
                head = self.source.read(path, media.SIZE_HEAD_BYTES)
        except OSError as error:
            self.report.error(f"'{path}' cannot be read: {error}", **where)
            return
        if not path.lower().endswith(".svg"):
            message = media.too_many_pixels(media.declared_size(head))
            if message is not None:
                self.report.error(message, file=path, hint="save it smaller: a kiosk screen shows a few megapixels",
                                  confined_to=path)
            return
        problems = [svg.too_large_problem()] if size > svg.MAX_SVG_BYTES else svg.sanitise(data).problems
        for problem in problems:
            self.report.error(problem.message, file=path, line=problem.line or None, hint=problem.hint,
                              confined_to=path)

    def _check_captions(self, path: str) -> None:
        large = captions.too_large(self.source.sizes[path])
        if large is not None:
            self.report.error(large.message, file=path, line=large.line, hint=large.hint)
            return
        try:
            data = self.source.read(path)
        except OSError as error:
            self.report.error(f"cannot be read: {error}", file=path)
            return
        cues, problems = captions.parse_captions(path, data)
        for problem in problems:
            self.report.error(problem.message, file=path, line=problem.line, hint=problem.hint)
        if not cues and not problems:
            self.report.warning("has no cues", file=path, hint="add timed cues, or leave captions out")

    def _check_unreferenced(self) -> None:
        for path in sorted(self.source.sizes):
            if path in self.referenced or path in (MANIFEST, CHECKSUMS) or is_junk(path):
                continue
            self.report.warning("nothing in the manifest refers to this file", file=path,
                                hint="refer to it from exhibition.yaml, or remove it")

    # -- languages, accessibility, theme -------------------------------------------------

    def _check_languages(self, manifest: Manifest) -> None:
        languages = manifest.languages
        seen: set[str] = set()
        for index, code in enumerate(languages):
            if code in seen:
                self.report.error(f"language '{code}' is listed twice", **self._at(f"languages[{index}]"))
            seen.add(code)
        for text in self.loaded.texts:
            value: Text = text.value
            missing = missing_languages(value, languages)
            where = {"file": MANIFEST, "line": text.line, "column": text.column, "key": text.key}
            if missing:
                shown = languages[0] if languages[0] in value.values else next(iter(value.values))
                message, hint = _missing_text(text.key.rpartition(".")[2], missing, shown)
                self.report.warning(message, hint=hint, **where)
            for code in sorted(value.languages - set(languages)):
                self.report.warning(f"'{code}' is not one of the bundle's languages",
                                    hint="add it to 'languages', or remove this text", **self._at(f"{text.key}.{code}"))


def _missing_text(name: str, missing: list[str], shown: str) -> tuple[str, str]:
    """The message and hint for a text that lacks some of the bundle's languages (`shown` stands in)."""
    codes = ", ".join(repr(code) for code in missing)
    add = ", ".join(f"'{code}:'" for code in missing)
    if name == "alt":
        return (f"no 'alt' text in {codes}",
                f"add {add} under 'alt', saying what the picture shows in that language; "
                f"until then screen readers read the '{shown}' text")
    return f"no text in {codes}", f"add {add} under '{name}'; until then visitors who choose it read '{shown}'"


def _names_language(path: str, code: str) -> bool:
    """Whether `path` spells the language `code` as a word of its own: `film.de.vtt`, `de/film.vtt`."""
    return re.search(rf"(?<![A-Za-z0-9]){re.escape(code)}(?![A-Za-z0-9])", path, re.IGNORECASE) is not None


def _path_problem(path: str) -> tuple[str, str] | None:
    if not path.strip():
        return "is an empty path", "give the file's path inside the bundle"
    if "\\" in path:
        return "uses backslashes", f"write '/' between folders: '{path.replace(chr(92), '/')}'"
    if path.startswith("/") or re.match(r"^[A-Za-z]:", path):
        return "is an absolute path", "paths are relative to the folder that holds exhibition.yaml"
    if re.match(r"^[a-z][a-z0-9+.-]*://", path, re.IGNORECASE):
        return "is a web address", "put the file in the bundle: the kiosk works offline"
    if ".." in path.split("/"):
        return "leads outside the bundle ('..')", "copy the file into the bundle"
    return None


def _mapping_get(node: yaml.Node | None, name: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == name:
                return value_node
    return None


def _sequence(node: yaml.Node | None) -> list[yaml.Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _scalar(node: yaml.Node | None) -> str | None:
    return str(node.value) if isinstance(node, yaml.ScalarNode) and node.value != "" else None
