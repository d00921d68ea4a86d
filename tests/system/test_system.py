"""The kiosk's contract with the operating system: notify socket, platform check, status
file, crash records and the service files."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.system import crashlog, notify, platformcheck, service, status


def test_ready_and_watchdog_reach_a_notify_socket(tmp_path: Path) -> None:
    address = str(tmp_path / "notify.sock")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    server.bind(address)
    server.settimeout(5)
    try:
        notifier = notify.Notifier(address)
        assert notifier.enabled
        assert notifier.ready("playing ai-and-ip")
        assert server.recv(256) == b"READY=1\nSTATUS=playing ai-and-ip"
        assert notifier.watchdog()
        assert server.recv(256) == b"WATCHDOG=1"
        notifier.close()
    finally:
        server.close()


def test_without_a_notify_socket_nothing_is_sent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    notifier = notify.Notifier()
    assert not notifier.enabled
    assert not notifier.ready()


def test_watchdog_interval_is_half_the_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WATCHDOG_USEC", "30000000")
    monkeypatch.delenv("WATCHDOG_PID", raising=False)
    assert notify.watchdog_interval_seconds() == 15.0
    monkeypatch.setenv("WATCHDOG_PID", "1")
    assert notify.watchdog_interval_seconds() is None, "meant for another process"


def test_missing_xcb_libraries_are_named_with_the_install_command() -> None:
    problem = platformcheck.check_platform({"DISPLAY": ":0"}, loads=lambda lib: "cursor" not in lib)
    assert problem is not None
    assert problem.advice() == (
        "Qt's X11 display plugin needs libraries this system lacks.\n"
        "Install them with:\n    sudo apt-get install libxcb-cursor0")


def test_no_display_is_explained() -> None:
    problem = platformcheck.check_platform({}, loads=lambda lib: True)
    assert problem is not None
    assert problem.message.startswith("There is no display: DISPLAY is not set.")


def test_offscreen_and_wayland_are_not_checked_for_xcb() -> None:
    assert platformcheck.check_platform({"QT_QPA_PLATFORM": "offscreen"}, loads=lambda lib: False) is None
    assert platformcheck.check_platform({"WAYLAND_DISPLAY": "wayland-0"}, loads=lambda lib: False) is None


def test_status_file_is_a_prometheus_textfile(tmp_path: Path) -> None:
    health = status.Health("hall-2", "ai-and-ip", "1.0", 3600.4, 12.0, 3, 1, status.rss_bytes())
    path = tmp_path / "textfile" / "kiosk.prom"
    status.write(path, health)
    text = path.read_text()
    assert 'kiosk_up_seconds{kiosk="hall-2"} 3600' in text
    assert 'kiosk_bundle_info{kiosk="hall-2",bundle="ai-and-ip",version="1.0"} 1' in text
    assert 'kiosk_errors_total{kiosk="hall-2"} 3' in text
    assert 'kiosk_last_input_age_seconds{kiosk="hall-2"} 12' in text
    assert health.rss_bytes > 10 * 1024 * 1024
    assert [p.name for p in path.parent.iterdir()] == ["kiosk.prom"]


def test_a_crash_is_reported_at_the_next_start(tmp_path: Path) -> None:
    crashing = (
        "import ctypes, sys\n"
        "from pathlib import Path\n"
        "from kiosk.system import crashlog\n"
        "crashlog.enable(Path(sys.argv[1]))\n"
        "ctypes.string_at(0)\n"
    )
    result = subprocess.run([sys.executable, "-c", crashing, str(tmp_path)], capture_output=True, timeout=60,
                            check=False)
    assert result.returncode != 0
    text = crashlog.report_previous_crash(tmp_path)
    assert text is not None
    assert "Segmentation fault" in text
    assert not (tmp_path / "crash.log").exists()
    assert len(list(tmp_path.glob("crash-*.log"))) == 1
    assert crashlog.report_previous_crash(tmp_path) is None


def test_a_clean_exit_leaves_nothing_to_report(tmp_path: Path) -> None:
    crashlog.enable(tmp_path)
    crashlog.disable()
    assert crashlog.report_previous_crash(tmp_path) is None


def test_service_files(tmp_path: Path) -> None:
    files = service.install(tmp_path)
    unit = files.unit.read_text()
    assert files.unit == tmp_path / "systemd" / "user" / "exhibit-kiosk.service"
    assert "Type=notify" in unit
    assert "Restart=always" in unit
    assert "RestartPreventExitStatus=3" in unit  # leaving from the admin panel stays left
    assert "WatchdogSec=30" in unit
    assert f"ExecStart={sys.executable} -m kiosk" in unit
    desktop = files.autostart.read_text()
    assert "systemctl --user start exhibit-kiosk.service" in desktop
    assert desktop.startswith("[Desktop Entry]\n")


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_accepts_the_unit(tmp_path: Path) -> None:
    """systemd's own checker reads the unit as systemd would (unknown keys, bad values)."""
    files = service.install(tmp_path)
    result = subprocess.run(["systemd-analyze", "verify", str(files.unit)], capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert "Unknown key" not in result.stderr
    assert "Failed to parse" not in result.stderr
