"""The `kiosk` command: parses arguments and calls one function per sub-command.

Exit status: 0 success, 1 failure (an invalid bundle, a failed run), 2 usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

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
    add_store_commands(commands)
    add_analytics_commands(commands)
    add_device_commands(commands)
    return parser


def _day(text: str) -> date:
    from kiosk.analytics.commands import parse_day

    return parse_day(text)


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
    new.add_argument("--title", metavar="TEXT", help="the exhibition's title")


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
    if not args_list or (args_list[0].startswith("-") and args_list[0] not in ("-h", "--help", "--version")):
        args_list.insert(0, "run")
    args = parser.parse_args(args_list)
    handler = {
        "run": cmd_run,
        "validate": cmd_validate,
        "schema": cmd_schema,
        "preview": cmd_preview,
        "install": cmd_install,
        "list": cmd_list,
        "use": cmd_use,
        "remove": cmd_remove,
        "rollback": cmd_rollback,
        "pack": cmd_pack,
        "new": cmd_new,
        "stats": cmd_stats,
        "report": cmd_report,
        "config": cmd_config,
        "set-pin": cmd_set_pin,
        "install-service": cmd_install_service,
        "doctor": cmd_doctor,
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
    from kiosk.system import allocator

    allocator.tune()  # before Qt starts a thread
    from kiosk.ui.launch import run

    return run(args)


def cmd_preview(args: argparse.Namespace) -> int:
    from kiosk.ui.preview import preview

    return preview(args)


# -- the store of installed bundles, and making bundles ---------------------------------------


@contextlib.contextmanager
def _logged(args: argparse.Namespace) -> Iterator[None]:
    """Store commands print their own results; their log lines go to the kiosk's log file
    (and to stderr with --verbose), so that every install, refused or not, leaves a line there."""
    from kiosk import logs

    logs.setup(stream=sys.stderr if args.verbose else io.StringIO())
    try:
        yield
    finally:
        logs.teardown()


def _fail(message: str, hint: str = "") -> int:
    print(f"kiosk: error: {message}" + (f" ({hint})" if hint else ""), file=sys.stderr)
    return 1


def _human_size(size: int) -> str:
    for unit in ("B", "kB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:,.0f} {unit}" if unit == "B" else f"{size:,.1f} {unit}"
        size /= 1000  # type: ignore[assignment]
    return f"{size} B"


def _progress_printer() -> Any:
    """A progress line on stderr for big installs, when stderr is a terminal."""
    if not sys.stderr.isatty():
        return None
    shown = [-1]

    def progress(done: int, total: int) -> None:
        percent = done * 100 // total if total else 0
        if percent != shown[0]:
            shown[0] = percent
            end = "\n" if done >= total else ""
            print(f"\r  {percent:3d}%  {_human_size(done)} of {_human_size(total)}", end=end,
                  file=sys.stderr, flush=True)

    return progress


def cmd_install(args: argparse.Namespace) -> int:
    from kiosk.store import InstallOptions, RefusedError, Store, StoreError
    from kiosk.store.updater import install_url

    is_url = re.match(r"^https?://", args.source, re.IGNORECASE) is not None
    if args.sha256 and not is_url and Path(args.source).is_dir():
        print("kiosk install: error: --sha256 checks an archive; SOURCE is a folder", file=sys.stderr)
        return 2
    store = Store(keep_versions=args.keep)
    options = InstallOptions(sha256=args.sha256, activate=not args.no_activate, progress=_progress_printer())
    with _logged(args):
        try:
            result = install_url(store, args.source, options) if is_url else store.install(Path(args.source), options)
        except RefusedError as refused:
            print("\n".join(refused.lines()))
            errors = len(refused.report.errors)
            print(f"{refused.display}: refused, {errors} error{'s' * (errors != 1)}; nothing was installed",
                  file=sys.stderr)
            return 1
        except StoreError as error:
            return _fail(error.message, error.hint)
        except OSError as error:
            return _fail(f"the kiosk's store cannot be changed: {error.strerror or error}",
                         "check that its data folder is writable")
    for warning in result.warnings:
        print(warning.format(result.prefix))
    installed = result.installed
    what = (f"{installed.label} (build {installed.build}, {installed.files} files, "
            f"{_human_size(installed.size)})")
    line = f"{what} was already installed" if result.already_installed else f"installed {what}"
    if result.activated:
        line += "; it is now the active bundle (a running kiosk switches at its next session reset)"
    elif not args.no_activate:
        line += "; it was already the active bundle"
    print(line)
    for removed in result.removed:
        print(f"removed {removed.label} (build {removed.build}): keeping the last {args.keep} versions")
    return 0


def _check(path: Path, verify: bool) -> tuple[bool, str]:
    from kiosk.bundle.validate import validate

    result = validate(path, verify_checksums=verify)
    if result.ok:
        return True, "valid"
    first = result.report.errors[0].format(result.prefix) if result.report.errors else "cannot be read"
    return False, f"invalid: {first}"


def cmd_list(args: argparse.Namespace) -> int:
    from kiosk.store import Store
    from kiosk.store.records import local_time, version_label

    store = Store()
    with _logged(args):
        store.recover(wait=False)
        state = store.state()
        versions = store.installed()
        rows = []
        for installed in versions:
            valid, check = _check(installed.path, args.verify)
            role = ("active" if installed.ref == state.active
                    else "previous" if installed.ref == state.previous else "")
            rows.append((installed, role, valid, check))
    if args.json:
        print(json.dumps([{**installed.record(), "ref": installed.ref, "path": str(installed.path),
                           "active": role == "active", "previous": role == "previous", "valid": valid,
                           "check": check} for installed, role, valid, check in rows],
                         indent=2, ensure_ascii=False))
    elif not rows:
        print("no bundles are installed (install one with 'kiosk install BUNDLE')")
    else:
        table = [("ID", "VERSION", "BUILD", "SIZE", "INSTALLED", "STATE", "CHECK")] + [
            (i.id, version_label(i.version), i.build, _human_size(i.size), local_time(i.installed_at), role,
             check) for i, role, _valid, check in rows]
        widths = [max(len(row[column]) for row in table) for column in range(6)]
        for row in table:
            cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=False))
            print("  ".join(cells) + "  " + row[6])
    if state.active and store.get(state.active) is None:
        print(f"kiosk: warning: the active bundle {state.active} is missing from the store "
              "(choose another with 'kiosk use ID')", file=sys.stderr)
    return 0


def cmd_use(args: argparse.Namespace) -> int:
    from kiosk.store import Store, StoreError

    store = Store()
    with _logged(args):
        try:
            before = store.active()
            installed, changed = store.use(args.spec)
        except StoreError as error:
            return _fail(error.message, error.hint)
        except OSError as error:
            return _fail(f"the kiosk's store cannot be changed: {error.strerror or error}",
                         "check that its data folder is writable")
    if not changed:
        print(f"{installed.label} (build {installed.build}) is already the active bundle")
    else:
        was = f" instead of {before.label}" if before is not None else ""
        print(f"{installed.label} (build {installed.build}) is now the active bundle{was} "
              "(a running kiosk switches at its next session reset)")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    from kiosk.store import Store, StoreError

    store = Store()
    with _logged(args):
        try:
            removed = store.remove(args.spec)
        except StoreError as error:
            return _fail(error.message, error.hint)
        except OSError as error:
            return _fail(f"the kiosk's store cannot be changed: {error.strerror or error}",
                         "check that its data folder is writable")
    for installed in removed:
        print(f"removed {installed.label} (build {installed.build})")
    return 0


def cmd_rollback(args: argparse.Namespace) -> int:
    from kiosk.store import Store, StoreError

    store = Store()
    with _logged(args):
        try:
            before = store.active()
            installed = store.rollback()
        except StoreError as error:
            return _fail(error.message, error.hint)
        except OSError as error:
            return _fail(f"the kiosk's store cannot be changed: {error.strerror or error}",
                         "check that its data folder is writable")
    was = f" from {before.label} (build {before.build})" if before is not None else ""
    print(f"rolled back to {installed.label} (build {installed.build}){was}; "
          "a running kiosk switches at its next session reset")
    return 0


def cmd_pack(args: argparse.Namespace) -> int:
    from kiosk.bundle.validate import validate
    from kiosk.store import RefusedError, StoreError
    from kiosk.store.pack import pack

    output = args.output
    if output is None:
        result = validate(args.folder, verify_checksums=False)
        if result.manifest is not None:
            version = f"-{result.manifest.version}" if result.manifest.version else ""
            output = Path(f"{result.manifest.id}{version}.zip")
    with _logged(args):
        try:
            packed = pack(args.folder, output or Path("bundle.zip"))
        except RefusedError as refused:
            print("\n".join(refused.lines()))
            errors = len(refused.report.errors)
            print(f"{refused.display}: invalid, {errors} error{'s' * (errors != 1)}; nothing was packed",
                  file=sys.stderr)
            return 1
        except StoreError as error:
            return _fail(error.message, error.hint)
        except OSError as error:
            return _fail(f"cannot pack {args.folder}: {error.strerror or error}")
    for warning in packed.warnings:
        print(warning.format(packed.prefix))
    print(f"wrote {packed.output}: {packed.files} files with checksums.sha256, {_human_size(packed.size)}")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from kiosk.store import StoreError
    from kiosk.store.template import new_bundle

    with _logged(args):
        try:
            bundle_id = new_bundle(args.folder, bundle_id=args.bundle_id, title=args.title)
        except StoreError as error:
            return _fail(error.message, error.hint)
        except OSError as error:
            return _fail(f"cannot write {args.folder}: {error.strerror or error}")
    print(f"wrote the bundle '{bundle_id}' in {args.folder}; change it, then check it with "
          f"'kiosk validate --strict {args.folder}'")
    return 0


# -- visitors ---------------------------------------------------------------------------------


def cmd_stats(args: argparse.Namespace) -> int:
    from kiosk.analytics.commands import stats_command

    return stats_command(args)


def cmd_report(args: argparse.Namespace) -> int:
    from kiosk.ui.report import report_command

    return report_command(args)


# -- this kiosk: settings, PIN, service ---------------------------------------------------------


def cmd_config(args: argparse.Namespace) -> int:
    from kiosk.settings import files
    from kiosk.settings.reference import entries, reference_markdown, show

    path = files.settings_path()
    if args.action == "path":
        print(path)
        return 0
    if args.action == "reference":
        print(reference_markdown())
        return 0
    loaded = files.load(path)
    if args.action == "check":
        for problem in loaded.problems:
            print(problem.format(path))
        if loaded.problems:
            return 1
        print(f"{path}: valid" if path.exists() else f"{path}: not written yet; every setting has its default")
        return 0
    if args.action == "show":
        for entry in entries():
            value = files.get(loaded.settings, entry.key)
            mark = "" if value == entry.default else "   (changed)"
            print(f"{entry.key} = {show(value)}{mark}\n    {entry.doc} Default: {show(entry.default)}.")
        return 0
    try:
        files.lookup(args.key)
    except KeyError:
        return _fail(f"there is no setting '{args.key}'", "'kiosk config show' lists them")
    if args.action == "get":
        print(show(files.get(loaded.settings, args.key)))
        return 0
    try:
        value = files.parse_value(args.key, args.value)
    except files.InvalidSetting as error:
        return _fail(f"{args.key}: {error}")
    files.save(files.with_value(loaded.settings, args.key, value), path)
    print(f"{args.key} = {show(value)}")
    return 0


def _read_pin(prompt: str) -> str:
    import getpass

    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    line = sys.stdin.readline()
    if not line:
        raise EOFError
    return line.rstrip("\r\n")


def cmd_set_pin(args: argparse.Namespace) -> int:
    from kiosk.settings import files
    from kiosk.settings.pin import PinError, check_new_pin, hash_pin

    try:
        first = _read_pin("New admin PIN (digits): ")
        second = _read_pin("The same PIN again: ")
    except EOFError:
        return _fail("no PIN given", "type it twice, or pipe two lines")
    if first != second:
        return _fail("the two PINs differ; nothing changed")
    try:
        check_new_pin(first)
    except PinError as error:
        return _fail(f"PIN refused: {error}")
    loaded = files.load()
    path = files.save(files.with_value(loaded.settings, "admin_pin", hash_pin(first)))
    print(f"The admin PIN is set (only its hash is stored, in {path}).")
    return 0


def cmd_install_service(args: argparse.Namespace) -> int:
    from kiosk.system import service

    written = service.install()
    print(f"wrote {written.unit}\nwrote {written.autostart}\n"
          f"start it now with: systemctl --user daemon-reload && systemctl --user enable --now {service.UNIT_NAME}")
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from kiosk import logs
    from kiosk.system import doctor

    logs.setup(stream=sys.stderr if args.verbose else io.StringIO(), to_file=False)
    try:
        with contextlib.nullcontext() if args.verbose else doctor.quiet_stderr():
            checks = doctor.diagnose(args.bundle, media_timeout_s=args.timeout)
    finally:
        logs.teardown()
    print(doctor.render_json(checks) if args.json else doctor.render_table(checks))
    return doctor.exit_status(checks)
