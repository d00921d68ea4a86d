"""The `kiosk` command: parses arguments and calls one function per sub-command.

The functions live in `kiosk.commands`, one module per group, and each module is imported only
when its command runs: `kiosk run` imports this module on every start, so it stays small.
`cmd_run` itself stays here; it tunes the allocator before anything starts a thread, and hands
the kiosk a `RunOptions` (kiosk.system.startup), never the parsed arguments.

Exit status (kiosk.system.startup): 0 success, 1 failure (an invalid bundle, a failed run),
2 usage error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from kiosk import __version__
from kiosk.system.startup import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, RunOptions


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


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
    validate.add_argument("--all", action="store_true",
                          help="list every warning (by default a warning repeated many times is summed up)")

    schema = commands.add_parser("schema", help="print the manifest's JSON Schema")
    schema.add_argument("--format", choices=("json", "markdown"), default="json",
                        help="markdown: the key reference of exhibits/FORMAT.md")

    preview = commands.add_parser("preview", help="render every screen of a bundle to PNG files")
    preview.add_argument("bundle", type=Path, metavar="BUNDLE|ZIP")
    preview.add_argument("-o", "--output", type=Path, required=True, metavar="DIR")
    preview.add_argument("--size", type=_size, default=(1920, 1080), metavar="WxH")
    preview.add_argument("--lang", metavar="CODE", help="the language to render (default: the bundle's first)")
    captions = commands.add_parser("captions", help="print the cues the kiosk will show from a .vtt or .srt file")
    captions.add_argument("file", type=Path, metavar="FILE", help="a WebVTT (.vtt) or SubRip (.srt) file")
    captions.add_argument("--json", action="store_true", help="print the cues as JSON")
    export = commands.add_parser("export-web", help="write the exhibition as a static, offline website")
    export.add_argument("bundle", type=Path, metavar="BUNDLE|ZIP")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="SITE", help="a folder, or a .zip")
    export.add_argument("--lang", dest="languages", action="extend", type=_codes, metavar="CODE[,CODE...]",
                        help="only these of the bundle's languages (default: all)")
    export.add_argument("--base-url", metavar="URL", help="the address the site will be published at, for links "
                        "search engines read (canonical, other languages, sitemap.xml)")
    add_store_commands(commands)
    from kiosk.commands.importing import add_import_parser  # light: the importer loads when it runs

    add_import_parser(commands, sizes=_byte_size, seconds=_positive, default_size=MAX_DOWNLOAD)
    add_analytics_commands(commands)
    add_device_commands(commands)
    return parser


def _day(text: str) -> date:
    from kiosk.analytics.figures import parse_day

    try:
        return parse_day(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_analytics_commands(commands: Any) -> None:
    """What visitors looked at: figures, and a report with charts."""
    stats = commands.add_parser("stats", help="visitor figures: visits per day, sections, exhibits, media, languages")
    report = commands.add_parser("report", help="write the visitor report: one HTML file with charts")
    report.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.html")
    for parser in (stats, report):
        parser.add_argument("--since", type=_day, metavar="DAY", help="the first day, YYYY-MM-DD (the kiosk's local day)")
        parser.add_argument("--until", type=_day, metavar="DAY", help="the last day, included")
        parser.add_argument("--db", type=Path, metavar="FILE", help="a database copied from a kiosk (default: this kiosk's)")
    stats.add_argument("--format", choices=("table", "csv", "json"), default="table")


def add_device_commands(commands: Any) -> None:
    """This kiosk's settings, PIN and service files."""
    config = commands.add_parser("config", help="show, check or change this kiosk's settings")
    actions = config.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    actions.add_parser("path", help="print where the settings file is")
    actions.add_parser("show", help="every setting with its value and default")
    actions.add_parser("check", help="report problems in the settings file; exit 1 if there are any")
    actions.add_parser("reference", help="the settings reference in Markdown (as in README.md)")
    get = actions.add_parser("get", help="print one setting")
    get.add_argument("key", metavar="KEY", help="such as idle_timeout or tour.image")
    put = actions.add_parser("set", help="change one setting; invalid values are refused")
    put.add_argument("key", metavar="KEY")
    put.add_argument("value", metavar="VALUE", help="YAML: 45, true, auto, \"{monday: ['09:00-17:00']}\"; empty to reset")
    commands.add_parser("set-pin", help="set the admin panel's PIN (asked twice, or two lines on stdin)")
    commands.add_parser("install-service", help="write a systemd user unit and an XDG autostart entry")
    doctor = commands.add_parser("doctor", help="check this kiosk: display, OpenGL, audio, media, fonts, disk, "
                                 "settings, store; exit 1 if anything fails")
    doctor.add_argument("bundle", nargs="?", type=Path, metavar="BUNDLE|ZIP",
                        help="the bundle to check (default: the one the kiosk would play)")
    doctor.add_argument("--json", action="store_true", help="print the checks as JSON")
    doctor.add_argument("--timeout", type=_positive, default=30.0, metavar="SECONDS",
                        help="time allowed for decoding the sound files and films (default: 30)")
    doctor.add_argument("--verbose", "-v", action="store_true", help="also show the log and FFmpeg's notes on stderr")


def _sha256(text: str) -> str:
    if re.fullmatch(r"[0-9a-fA-F]{64}", text) is None:
        raise argparse.ArgumentTypeError(f"'{text}' is not a SHA-256 (64 hexadecimal digits)")
    return text.lower()


def _codes(text: str) -> list[str]:
    """`--lang de,en` and `--lang de --lang en` alike."""
    return [code.strip() for code in text.split(",") if code.strip()]


MAX_DOWNLOAD = 8 * 1024**3
"""`--max-size`'s default: kiosk.store.download.DEFAULT_MAX_SIZE (not imported: the parser stays light)."""


def _byte_size(text: str) -> int:
    """`--max-size 500M`, `12G`, `2GB` or a number of bytes (K, M, G, T are powers of 1024)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)i?B?\s*", text, re.IGNORECASE)
    if match is None or float(match.group(1)) <= 0:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size such as 500M or 12G")
    unit = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}[match.group(2).upper()]
    return int(float(match.group(1)) * unit)


def _keep(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("keep at least 1 version")
    return value


def add_store_commands(commands: Any) -> None:
    """The store of installed bundles (install, list, use, remove, rollback), and making bundles
    (pack, new)."""
    verbose = argparse.ArgumentParser(add_help=False)
    verbose.add_argument("--verbose", "-v", action="store_true", help="also show the log on stderr")

    install = commands.add_parser("install", parents=[verbose],
                                  help="install a bundle into the kiosk's store")
    install.add_argument("source", metavar="SOURCE",
                         help="a bundle folder, a .zip, or an http(s):// address of one")
    install.add_argument("--sha256", type=_sha256, metavar="HEX", help="the archive's expected SHA-256")
    install.add_argument("--no-activate", action="store_true",
                         help="install it without making it the active one")
    install.add_argument("--keep", type=_keep, default=2, metavar="N",
                         help="versions of each bundle to keep (default: 2)")
    install.add_argument("--max-size", type=_byte_size, default=MAX_DOWNLOAD, metavar="SIZE",
                         help="the largest archive to download, as 500M or 12G (default: 8G; never more "
                              "than the free disk)")

    listing = commands.add_parser("list", parents=[verbose], help="show the installed bundles")
    listing.add_argument("--json", action="store_true", help="print the list as JSON")
    listing.add_argument("--verify", action="store_true",
                         help="also verify every file against checksums.sha256")

    use = commands.add_parser("use", parents=[verbose], help="make an installed bundle the active one")
    use.add_argument("spec", metavar="ID[@VERSION]")

    remove = commands.add_parser("remove", parents=[verbose],
                                 help="delete installed bundles (never the active one)")
    remove.add_argument("spec", metavar="ID[@VERSION]", help="ID alone removes every version of it")

    commands.add_parser("rollback", parents=[verbose], help="return to the bundle that was active before")

    pack = commands.add_parser("pack", parents=[verbose],
                               help="validate a bundle folder and zip it for kiosks")
    pack.add_argument("folder", type=Path, metavar="DIR")
    pack.add_argument("-o", "--output", type=Path, metavar="FILE.zip", help="default: ID-VERSION.zip here")

    new = commands.add_parser("new", parents=[verbose], help="write a small valid bundle to start from")
    new.add_argument("folder", type=Path, metavar="DIR", help="a new or empty folder")
    new.add_argument("--id", dest="bundle_id", metavar="ID",
                     help="the bundle's id (default: from DIR's name)")
    new.add_argument("--title", metavar="TEXT", help="the exhibition's title, in the first language")
    new.add_argument("--lang", dest="languages", action="extend", type=_codes, metavar="CODE[,CODE...]",
                     help="the bundle's languages, the default first (default: en,fr)")


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


# Each command's function, as "module:function" in kiosk.commands, imported when it runs.
COMMANDS = {
    "validate": "bundles:cmd_validate",
    "schema": "bundles:cmd_schema",
    "preview": "bundles:cmd_preview",
    "captions": "captions:cmd_captions",
    "install": "store:cmd_install",
    "list": "store:cmd_list",
    "use": "store:cmd_use",
    "remove": "store:cmd_remove",
    "rollback": "store:cmd_rollback",
    "pack": "bundles:cmd_pack",
    "new": "bundles:cmd_new",
    "import-iiif": "importing:cmd_import_iiif",
    "stats": "visitors:cmd_stats",
    "report": "visitors:cmd_report",
    "config": "device:cmd_config",
    "set-pin": "device:cmd_set_pin",
    "install-service": "device:cmd_install_service",
    "doctor": "doctor:cmd_doctor",
    "export-web": "export:cmd_export_web",
}


def handler(command: str) -> Callable[[argparse.Namespace], int]:
    """The function of a sub-command; its module is imported here, the first time it is asked for."""
    if command == "run":
        return cmd_run
    module, _, name = COMMANDS[command].partition(":")
    function: Callable[[argparse.Namespace], int] = getattr(importlib.import_module(f"kiosk.commands.{module}"), name)
    return function


def run_parser() -> argparse.ArgumentParser:
    """`kiosk run`'s parser alone, named as in the whole one (its usage and errors read the same).

    Every kiosk start parses `run`; building the other sub-commands' parsers as well would cost
    the first frame a few milliseconds for nothing."""
    parser = _Parser(prog="kiosk run")
    add_run_arguments(parser)
    return parser


def parse(args_list: list[str]) -> argparse.Namespace:
    """The arguments of `kiosk ARGS`; `run` (or no command: options alone) builds only its own parser."""
    if not args_list or (args_list[0].startswith("-") and args_list[0] not in ("-h", "--help", "--version")):
        args_list = ["run", *args_list]
    if args_list[0] == "run":
        args = run_parser().parse_args(args_list[1:])
        args.command = "run"
        return args
    return build_parser().parse_args(args_list)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(list(sys.argv[1:] if argv is None else argv))
    try:
        return handler(args.command)(args)
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK


def run_options(args: argparse.Namespace) -> RunOptions:
    """`kiosk run`'s arguments as the typed options the kiosk is started with."""
    return RunOptions(bundle=args.bundle, windowed=args.windowed, tour=args.tour, lang=args.lang, screen=args.screen,
                      quit_after=args.quit_after, log_format=args.log_format)


def cmd_run(args: argparse.Namespace) -> int:
    from kiosk.system import allocator

    allocator.tune()  # before Qt starts a thread
    from kiosk.ui.launch import run

    return run(run_options(args))
