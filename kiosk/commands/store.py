"""The store of installed bundles: `kiosk install`, `list`, `use`, `remove` and `rollback`.

Each prints its own result and leaves its log lines in the kiosk's log file (see
`common.logged`); a running kiosk picks up a change at its next session reset.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import Any

from kiosk.commands.common import fail, human_size, logged, refused


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
            print(f"\r  {percent:3d}%  {human_size(done)} of {human_size(total)}", end=end,
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
    with logged(args):
        try:
            result = (install_url(store, args.source, options, max_size=args.max_size) if is_url
                      else store.install(Path(args.source), options))
        except RefusedError as error:
            return refused(error, "refused", "nothing was installed")
        except StoreError as error:
            return fail(error.message, error.hint)
        except OSError as error:
            return _unwritable(error)
    for warning in result.warnings:
        print(warning.format(result.prefix))
    installed = result.installed
    what = (f"{installed.label} (build {installed.build}, {installed.files} files, "
            f"{human_size(installed.size)})")
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
    with logged(args):
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
            (i.id, version_label(i.version), i.build, human_size(i.size), local_time(i.installed_at), role,
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
    with logged(args):
        try:
            before = store.active()
            installed, changed = store.use(args.spec)
        except StoreError as error:
            return fail(error.message, error.hint)
        except OSError as error:
            return _unwritable(error)
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
    with logged(args):
        try:
            removed = store.remove(args.spec)
        except StoreError as error:
            return fail(error.message, error.hint)
        except OSError as error:
            return _unwritable(error)
    for installed in removed:
        print(f"removed {installed.label} (build {installed.build})")
    return 0


def cmd_rollback(args: argparse.Namespace) -> int:
    from kiosk.store import Store, StoreError

    store = Store()
    with logged(args):
        try:
            before = store.active()
            installed = store.rollback()
        except StoreError as error:
            return fail(error.message, error.hint)
        except OSError as error:
            return _unwritable(error)
    was = f" from {before.label} (build {before.build})" if before is not None else ""
    print(f"rolled back to {installed.label} (build {installed.build}){was}; "
          "a running kiosk switches at its next session reset")
    return 0


def _unwritable(error: OSError) -> int:
    return fail(f"the kiosk's store cannot be changed: {error.strerror or error}",
                "check that its data folder is writable")
