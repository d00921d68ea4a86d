"""`kiosk doctor`: the checks without Qt (`kiosk.system.host_checks`), then the ones that need it
(`kiosk.ui.doctor_checks`), in one table.

The orchestration lives here, in the command layer, because it is the one place allowed to
reach both the Qt-free core and the Qt code; the core only returns checks and data. Qt is
imported only when its checks run, so a machine where it cannot load still gets a table.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import sys
from pathlib import Path

from kiosk.system.doctor import MEDIA_TIMEOUT_S, Check, QtPlan, Status

log = logging.getLogger("kiosk.doctor")


def qt_checks(plan: QtPlan) -> list[Check]:
    """The checks that need Qt, or one FAIL line saying why they could not run."""
    try:
        from kiosk.ui import doctor_checks
    except ImportError as error:
        return [Check("qt", Status.FAIL, f"Qt (PySide6) cannot be loaded: {error}",
                      "reinstall the kiosk: .venv/bin/pip install -e .")]
    try:
        return doctor_checks.run(plan)
    except Exception as error:  # the doctor reports what it found; it never ends in a traceback
        log.exception("the Qt checks stopped")
        return [Check("qt", Status.FAIL, f"the checks that need Qt stopped: {type(error).__name__}: {error}",
                      "run 'kiosk doctor --verbose' and report what it prints")]


def diagnose(bundle: Path | None = None, *, qt: bool = True, media_timeout_s: float = MEDIA_TIMEOUT_S) -> list[Check]:
    """Every check, in table order. `qt=False` leaves out the ones that need Qt."""
    from kiosk.system import doctor, host_checks

    checks, plan = host_checks.run(bundle, media_timeout_s=media_timeout_s)
    if qt:
        checks += qt_checks(plan)
    return doctor.in_table_order(checks)


def cmd_doctor(args: argparse.Namespace) -> int:
    from kiosk import logs
    from kiosk.system import doctor

    logs.setup(stream=sys.stderr if args.verbose else io.StringIO(), to_file=False)
    try:
        with contextlib.nullcontext() if args.verbose else doctor.quiet_stderr():
            checks = diagnose(args.bundle, media_timeout_s=args.timeout)
    finally:
        logs.teardown()
    print(doctor.render_json(checks) if args.json else doctor.render_table(checks))
    return doctor.exit_status(checks)
