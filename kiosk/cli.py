"""The `kiosk` command: parses arguments and calls one function per sub-command.

Exit status: 0 success, 1 failure (an invalid bundle, a failed run), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from kiosk import __version__


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    try:
        size = int(width), int(height)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size like 1920x1080") from None
    if min(size) < 64 or max(size) > 16384:
        raise argparse.ArgumentTypeError(f"'{text}': each side must be 64 to 16384 pixels")
    return size


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of seconds") from None
    if value <= 0:
        raise argparse.ArgumentTypeError("must be more than 0 seconds")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kiosk", description="Plays museum exhibitions from exhibit bundles.")
    parser.add_argument("--version", action="version", version=f"kiosk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    run = commands.add_parser("run", help="play a bundle (the default command)")
    add_run_arguments(run)

    validate = commands.add_parser("validate", help="check bundles and report every problem")
    validate.add_argument("bundles", nargs="+", type=Path, metavar="BUNDLE",
                          help="a bundle folder, its exhibition.yaml, or a .zip")
    validate.add_argument("--json", action="store_true", help="print the findings as JSON")
    validate.add_argument("--strict", action="store_true", help="treat warnings as errors")
    validate.add_argument("--quiet", "-q", action="store_true", help="print errors only")

    schema = commands.add_parser("schema", help="print the manifest's JSON Schema")
    schema.add_argument("--format", choices=("json", "markdown"), default="json",
                        help="markdown: the key reference of exhibits/FORMAT.md")

    preview = commands.add_parser("preview", help="render every screen of a bundle to PNG files")
    preview.add_argument("bundle", type=Path, metavar="BUNDLE|ZIP")
    preview.add_argument("-o", "--output", type=Path, required=True, metavar="DIR")
    preview.add_argument("--size", type=_size, default=(1920, 1080), metavar="WxH")
    preview.add_argument("--lang", metavar="CODE", help="the language to render (default: the bundle's first)")
    return parser


def add_run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("bundle", nargs="?", type=Path, metavar="BUNDLE|ZIP",
                        help="default: the active bundle, else the sample exhibition")
    parser.add_argument("--windowed", action="store_true",
                        help="a normal window for viewing the archive, with keyboard, mouse and search")
    parser.add_argument("--tour", action="store_true", help="play the exhibition by itself, looping")
    parser.add_argument("--lang", metavar="CODE", help="start in this language")
    parser.add_argument("--screen", type=int, metavar="N", help="the display to use (0 is the first)")
    parser.add_argument("--quit-after", type=_positive, metavar="SECONDS", help="exit with status 0 after this time")
    parser.add_argument("--log-format", choices=("text", "json"), default="text")


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    if not args_list or args_list[0].startswith("-") and args_list[0] not in ("-h", "--help", "--version"):
        args_list.insert(0, "run")
    args = parser.parse_args(args_list)
    handler = {
        "run": cmd_run,
        "validate": cmd_validate,
        "schema": cmd_schema,
        "preview": cmd_preview,
    }[args.command]
    try:
        return handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from kiosk.bundle.findings import Severity
    from kiosk.bundle.validate import validate

    results = [validate(path) for path in args.bundles]
    invalid = False
    for result in results:
        if not result.ok or (args.strict and result.report.warnings):
            invalid = True
    if args.json:
        document = [
            {
                "bundle": result.display,
                "valid": result.ok and not (args.strict and result.report.warnings),
                "errors": len(result.report.errors),
                "warnings": len(result.report.warnings),
                "findings": [
                    {**f.as_dict(result.prefix),
                     "severity": "error" if args.strict else f.severity.value}
                    for f in result.report.sorted()
                ],
            }
            for result in results
        ]
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return 1 if invalid else 0
    for result in results:
        for finding in result.report.sorted():
            if args.quiet and finding.severity is Severity.WARNING and not args.strict:
                continue
            line = finding.format(result.prefix)
            if args.strict and finding.severity is Severity.WARNING:
                line = line.replace(": warning: ", ": error: ", 1)
            print(line)
        errors = len(result.report.errors) + (len(result.report.warnings) if args.strict else 0)
        warnings = 0 if args.strict else len(result.report.warnings)
        verdict = "valid" if errors == 0 else "invalid"
        print(f"{result.display}: {verdict}, {errors} error{'s' * (errors != 1)}, "
              f"{warnings} warning{'s' * (warnings != 1)}", file=sys.stderr)
    return 1 if invalid else 0


def cmd_schema(args: argparse.Namespace) -> int:
    from kiosk.bundle.jsonschema import manifest_schema
    from kiosk.bundle.reference import reference_markdown

    if args.format == "markdown":
        print(reference_markdown())
    else:
        print(json.dumps(manifest_schema(), indent=2, ensure_ascii=False))
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from kiosk.ui.app import run

    return run(args)


def cmd_preview(args: argparse.Namespace) -> int:
    from kiosk.ui.preview import preview

    return preview(args)
