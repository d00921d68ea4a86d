"""What the store says when an operator's request cannot be done."""

from __future__ import annotations

from kiosk.bundle.findings import Report


class StoreError(Exception):
    """A request the store refuses (an unknown bundle, removing the active one, ...).

    `message` says what is wrong and `hint` what to do about it; the command line prints both.
    """

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(f"{message} ({hint})" if hint else message)
        self.message = message
        self.hint = hint


class RefusedError(StoreError):
    """A bundle that was not installed (or packed), with every finding that says why.

    `display` names the source as given; `prefix` goes before each finding's file name so
    the finding can be found (`bundle.zip!/exhibition.yaml:3:5: error: ...`).
    """

    def __init__(self, display: str, report: Report, prefix: str = "") -> None:
        first = report.errors[0].format(prefix) if report.errors else "refused"
        super().__init__(first)
        self.display = display
        self.report = report
        self.prefix = prefix

    def lines(self) -> list[str]:
        """The findings, compiler style: errors, then warnings (repeated ones summed up), each
        in file order."""
        return self.report.listing(self.prefix)


def prefix_for(display: str, *, is_zip: bool) -> str:
    """What goes before a file name in a finding: `bundle.zip!/` or `folder/`."""
    return f"{display}!/" if is_zip else f"{display.rstrip('/')}/"


def refusal(display: str, message: str, hint: str = "", *, file: str = "",
            is_zip: bool = False) -> RefusedError:
    """A RefusedError with one finding, about the whole source or one of its files."""
    report = Report()
    report.error(message, hint=hint, file=file)
    return RefusedError(display, report, prefix_for(display, is_zip=is_zip))
