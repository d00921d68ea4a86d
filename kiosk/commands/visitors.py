"""What visitors looked at: `kiosk stats` (figures, from the Qt-free `kiosk.analytics`) and
`kiosk report` (an HTML file with charts drawn by Qt in `kiosk.ui.report`).
"""

from __future__ import annotations

import argparse


def cmd_stats(args: argparse.Namespace) -> int:
    from kiosk.analytics.commands import stats_command

    return stats_command(args)


def cmd_report(args: argparse.Namespace) -> int:
    from kiosk.ui.report import report_command

    return report_command(args)
