"""This kiosk itself: `kiosk config`, `set-pin` and `install-service` (`doctor` is in doctor.py).

They read and change the device's settings file (`kiosk.yaml`), write the files that start
the kiosk with the session, and check the machine and the bundle it would play.
"""

from __future__ import annotations

import argparse
import sys

from kiosk.commands.common import fail


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
        exposed = files.writable_by_others(path)
        if exposed:
            print(f"warning: {exposed}")
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
        return fail(f"there is no setting '{args.key}'", "'kiosk config show' lists them")
    if args.action == "get":
        print(show(files.get(loaded.settings, args.key)))
        return 0
    try:
        value = files.parse_value(args.key, args.value)
    except files.InvalidSetting as error:
        return fail(f"{args.key}: {error}")
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
        return fail("no PIN given", "type it twice, or pipe two lines")
    if first != second:
        return fail("the two PINs differ; nothing changed")
    try:
        check_new_pin(first)
    except PinError as error:
        return fail(f"PIN refused: {error}")
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

