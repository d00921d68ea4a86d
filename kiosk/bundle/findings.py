"""Findings: what validation says about a bundle, each located and with a way to fix it.

Curators fix a bundle in one pass only if they see every mistake at once, so nothing
in the bundle layer raises on a curator's mistake: it adds a Finding and goes on.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


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
        return text

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
        """Findings by file and position, so the output reads top to bottom."""
        return sorted(
            self.findings,
            key=lambda f: (f.file != "exhibition.yaml", f.file, f.line or 0, f.column or 0),
        )
