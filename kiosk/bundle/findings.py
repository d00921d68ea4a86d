"""Findings: what validation says about a bundle, each located and with a way to fix it.

Curators fix a bundle in one pass only if they see every mistake at once, so nothing
in the bundle layer raises on a curator's mistake: it adds a Finding and goes on.
"""

from __future__ import annotations

import enum
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

# A listing shows this many findings of one kind before it sums up the rest in one line.
SHOWN_PER_KIND = 3

# Control characters, and the bidirectional overrides that reorder what a terminal shows.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with every control character written as an escape (`\\x1b`), so that a file name
    in a hostile archive cannot move the cursor, recolour or reorder a terminal's output."""
    return _UNPRINTABLE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    severity: Severity
    message: str
    file: str = ""
    line: int | None = None
    column: int | None = None
    key: str = ""
    hint: str = ""
    confined_to: str = ""
    """The bundle path of the one media, caption or font file this problem is about, when it
    costs only what uses that file; empty for problems of the bundle's structure."""

    def format(self, prefix: str = "") -> str:
        """Compiler style: `file:line:col: error: key: message (hint)`."""
        where = f"{prefix}{self.file}" if self.file else prefix.rstrip("/").rstrip("!") or "bundle"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{where}: {self.severity.value}: "
        if self.key:
            text += f"{self.key}: "
        text += self.message
        if self.hint:
            text += f" ({self.hint})"
        return printable(text)

    def as_dict(self, prefix: str = "") -> dict[str, object]:
        return {
            "severity": self.severity.value,
            "file": f"{prefix}{self.file}",
            "line": self.line,
            "column": self.column,
            "key": self.key,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass
class Report:
    """Every finding of one validation run, in the order found."""

    findings: list[Finding] = field(default_factory=list)

    def add(self, finding: Finding) -> None:
        self.findings.append(finding)

    def error(self, message: str, **where: object) -> None:
        self.add(Finding(Severity.ERROR, message, **where))  # type: ignore[arg-type]

    def warning(self, message: str, **where: object) -> None:
        self.add(Finding(Severity.WARNING, message, **where))  # type: ignore[arg-type]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]

    @property
    def ok(self) -> bool:
        return not self.errors

    def sorted(self) -> list[Finding]:
        """Errors, then warnings, each by file and position: an error that stops the bundle is
        never buried among warnings, and within a severity the output reads top to bottom."""
        return sorted(
            self.findings,
            key=lambda f: (f.severity is not Severity.ERROR, f.file != "exhibition.yaml", f.file,
                           f.line or 0, f.column or 0),
        )

    def listing(self, prefix: str = "", *, strict: bool = False, every: bool = False) -> list[str]:
        """The findings as lines for people: `sorted()`, each formatted, with warnings that
        repeat one message (`no 'alt' text in 'zh'` on forty pictures) shown a few times and
        then summed up in one line, so that what differs stays in sight. `strict` shows
        warnings as errors; `every` lists every finding."""
        return listing(self.sorted(), prefix, strict=strict, every=every)


def listing(findings: Iterable[Finding], prefix: str = "", *, strict: bool = False,
            every: bool = False) -> list[str]:
    """Lines for `findings` (already in order): see `Report.listing`. Errors are never summed
    up: each is a thing to fix in its own place."""
    findings = list(findings)
    repeats = Counter(f.message for f in findings if f.severity is Severity.WARNING)
    shown: Counter[str] = Counter()
    lines: list[str] = []
    for finding in findings:
        line = finding.format(prefix)
        if strict and finding.severity is Severity.WARNING:
            line = line.replace(f": {Severity.WARNING.value}: ", f": {Severity.ERROR.value}: ", 1)
        if finding.severity is Severity.ERROR or every or repeats[finding.message] <= SHOWN_PER_KIND + 1:
            lines.append(line)
            continue
        shown[finding.message] += 1
        if shown[finding.message] <= SHOWN_PER_KIND:
            lines.append(line)
        if shown[finding.message] == SHOWN_PER_KIND:
            more = repeats[finding.message] - SHOWN_PER_KIND
            noun = "errors" if strict else "warnings"
            lines.append(f"… and {more} more {noun} like this: {finding.message}")
    return lines
