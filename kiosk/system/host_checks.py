"""The doctor's checks that need no Qt: the settings file, the status file's folder, the store of
installed bundles, the bundle the kiosk would play, the disk, the log folder, and whether the
display answers at all (asked before Qt, which aborts the process when it cannot reach it).

`run` runs them all and says what the Qt checks are to look at. Each returns a `Check`; none
changes anything a running kiosk would notice (the settings are read from a copy, since the
loader backs up a broken file; the store is only read).
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path

from kiosk import logs, paths
from kiosk.bundle.model import Manifest
from kiosk.settings import files as settings_files
from kiosk.settings.model import Settings
from kiosk.system import platformcheck, startup
from kiosk.system.doctor import MEDIA_TIMEOUT_S, Check, QtPlan, Status, media_files, texts_by_language

log = logging.getLogger("kiosk.doctor")

MIN_FREE_BYTES = 100 * 1000**2
COMFORTABLE_FREE_BYTES = 1000**3


def check_settings(path: Path | None = None) -> tuple[settings_files.LoadedSettings, Check]:
    """The settings file's problems, read from a copy so that checking never writes a backup."""
    path = path or settings_files.settings_path()
    if not path.exists():
        return settings_files.LoadedSettings(Settings()), Check(
            "settings", Status.OK, f"{path} is not written yet; every setting has its default")
    with tempfile.TemporaryDirectory(prefix="kiosk-doctor-") as folder:
        copy = Path(folder) / path.name
        try:
            shutil.copyfile(path, copy)
        except OSError as error:
            return settings_files.LoadedSettings(Settings()), Check(
                "settings", Status.FAIL, f"{path} cannot be read: {error.strerror or error}",
                "give the kiosk's user read access to it")
        loaded = settings_files.load(copy)
    exposed = settings_files.writable_by_others(path)
    if loaded.problems:
        count = len(loaded.problems)
        return loaded, Check(
            "settings", Status.FAIL,
            f"{count} problem{'s' * (count != 1)}; the first: {loaded.problems[0].format(path)}"
            + (f"; and {exposed}" if exposed else ""),
            "each bad setting falls back to its default; 'kiosk config check' lists them, "
            "'kiosk config set KEY VALUE' fixes one")
    if exposed:
        return loaded, Check("settings", Status.WARN, exposed,
                             "only the kiosk's own user should be able to change its settings")
    changed = len(settings_files.explicit_values(loaded.settings)) - 1
    return loaded, Check("settings", Status.OK,
                         f"{path} is valid; {changed} setting{'s' * (changed != 1)} differ from the defaults")


def check_status_file(settings: Settings) -> Check | None:
    """Where `status_file` points: a folder the kiosk can write, read by node-exporter."""
    if not settings.status_file:
        return None
    path = Path(settings.status_file).expanduser()
    folder = path.parent
    if not folder.is_dir():
        return Check("status file", Status.WARN, f"{folder} does not exist; the kiosk will create it",
                     "point node-exporter's --collector.textfile.directory at it")
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=f".{path.name}.doctor."):
            pass
    except OSError as error:
        return Check("status file", Status.FAIL, f"{folder} cannot be written: {error.strerror or error}",
                     "create the folder (node-exporter's --collector.textfile.directory) and let the kiosk's "
                     "user write to it")
    if path.suffix != ".prom":
        return Check("status file", Status.WARN, f"{path}: node-exporter's textfile collector reads only *.prom files",
                     "name it like kiosk.prom: kiosk config set status_file FOLDER/kiosk.prom")
    return Check("status file", Status.OK, f"{path} can be written")


def check_store() -> Check:
    """The store of installed bundles reads back: state, active bundle, no half-finished installs."""
    from kiosk.store import Store, StoreError
    from kiosk.store.durable import read_json
    from kiosk.store.records import State

    store = Store()
    if not store.root.exists():
        return Check("store", Status.OK, "nothing is installed; the kiosk plays the sample exhibition")
    try:
        document = read_json(store.state_path)
        state = State() if document is None else State.from_json(document)
    except (ValueError, StoreError, OSError) as error:
        return Check("store", Status.FAIL, f"{store.state_path} cannot be read: {error}",
                     "the kiosk keeps it aside and rebuilds it at its next start ('kiosk list' does too)")
    installed = store.installed()
    leftovers = [item for folder in (store.staging_dir, store.trash_dir) if folder.is_dir()
                 for item in folder.iterdir()]
    active = store.get(state.active) if state.active else None
    if state.active and active is None:
        return Check("store", Status.FAIL, f"the active bundle {state.active} is missing from {store.bundles_dir}",
                     "choose one with 'kiosk use ID' or go back with 'kiosk rollback'; 'kiosk list' shows them")
    what = f"{len(installed)} bundle version{'s' * (len(installed) != 1)} installed"
    what += f"; active: {active.label} (build {active.build})" if active else "; none is active: the sample plays"
    if leftovers:
        return Check("store", Status.WARN, f"{what}; an interrupted install left {len(leftovers)} item(s) behind",
                     "they are removed at the kiosk's next start, or by 'kiosk list'")
    return Check("store", Status.OK, what)


def choose_bundle(named: Path | None, settings: Settings) -> tuple[Path, str, Check | None]:
    """The bundle the kiosk would play (kiosk.system.startup decides), how it was chosen, and a
    problem with the `bundle` setting."""
    choice = startup.choose_bundle(named, settings.bundle)
    problem = None
    if choice.setting_problem is not None:
        problem = Check("bundle", Status.FAIL, f"the bundle setting '{settings.bundle}' is {choice.setting_problem}",
                        "the kiosk plays the store's active bundle instead; fix it with 'kiosk config set bundle ID'")
    return choice.path, choice.why, problem


def check_bundle(path: Path, how: str) -> tuple[Check, Manifest | None, Path | None]:
    """The bundle validated (with its checksums), and where its files are on disk."""
    from kiosk.bundle.playable import BundleLoadError, load_playable
    from kiosk.bundle.validate import validate

    result = validate(path, verify_checksums=True)
    manifest = result.manifest
    root: Path | None = None
    if path.is_dir():
        root = path
    elif path.name == "exhibition.yaml":
        root = path.parent
    elif result.ok:
        try:
            root = load_playable(path, paths.cache_dir()).root
        except (BundleLoadError, OSError) as error:
            log.warning("cannot unpack %s to check its media: %s", path, error)
    if not result.ok:
        errors = result.report.errors
        first = errors[0].format(result.prefix) if errors else "it cannot be read"
        count = len(errors)
        return Check("bundle", Status.FAIL, f"{result.display} ({how}): {count} error{'s' * (count != 1)}; "
                     f"the first: {first}", f"'kiosk validate {path}' lists every problem"), manifest, root
    assert manifest is not None
    warnings = len(result.report.warnings)
    label = f"{manifest.id} {manifest.version}" if manifest.version else manifest.id
    detail = f"{label} ({how}) is valid" + (f", {warnings} warning{'s' * (warnings != 1)}" if warnings else "")
    return Check("bundle", Status.OK, detail), manifest, root


def _size(total: int) -> str:
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if total < 1000 or unit == "TB":
            return f"{total:.0f} {unit}" if unit == "B" else f"{total:.1f} {unit}"
        total /= 1000  # type: ignore[assignment]
    return f"{total} B"


def folder_size(root: Path | None) -> int:
    if root is None or not root.is_dir():
        return 0
    total = 0
    for path in root.rglob("*"):
        with contextlib.suppress(OSError):
            total += path.stat().st_size if path.is_file() else 0
    return total


def check_disk(bundle_bytes: int = 0) -> Check:
    """Room for the store: an update unpacks the new version while the old one plays."""
    from kiosk.store.store import default_root

    folder = default_root()
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        usage = shutil.disk_usage(probe)
    except OSError as error:
        return Check("disk", Status.FAIL, f"cannot measure the free space at {probe}: {error.strerror or error}")
    detail = f"{_size(usage.free)} free of {_size(usage.total)} for {folder}"
    wanted = max(COMFORTABLE_FREE_BYTES, 2 * bundle_bytes)
    if usage.free < MIN_FREE_BYTES:
        return Check("disk", Status.FAIL, detail, "free some space: the log, analytics and updates need room")
    if usage.free < wanted:
        return Check("disk", Status.WARN, f"{detail}; an update needs about {_size(wanted)}",
                     "free some space, or keep fewer versions: kiosk config set keep_versions 1")
    return Check("disk", Status.OK, detail)


def check_log_folder() -> Check:
    folder = paths.log_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-"):
            pass
        current = logs.log_file()
        if current.exists():
            with current.open("a", encoding="utf-8"):
                pass
    except OSError as error:
        return Check("log folder", Status.FAIL, f"{folder} cannot be written: {error.strerror or error}",
                     f"let the kiosk's user write there: sudo chown -R \"$USER\" {folder}")
    return Check("log folder", Status.OK, f"{folder} is writable")


def _xcb_connects(display: str) -> bool:
    """Whether an X server answers at `display` (True when that cannot be tried here)."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return True
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return xcb.xcb_connection_has_error(connection) == 0
    finally:
        xcb.xcb_disconnect(connection)


def display_problem(environ: dict[str, str] | None = None) -> platformcheck.PlatformProblem | None:
    """What would stop Qt from opening a window: the platform check, then whether the display answers
    (Qt aborts the whole process when it cannot reach it, so the doctor asks first)."""
    env = dict(os.environ) if environ is None else environ
    problem = platformcheck.check_platform(env)
    if problem is not None:
        return problem
    platform = platformcheck.chosen_platform(env)
    if platform == "xcb" and sys.platform.startswith("linux") and not _xcb_connects(env.get("DISPLAY", "")):
        return platformcheck.PlatformProblem(
            f"No X server answers at DISPLAY={env.get('DISPLAY', '')}: is it running, and may this user use it "
            "(XAUTHORITY)?")
    if platform == "wayland":
        name = env.get("WAYLAND_DISPLAY", "wayland-0")
        socket = Path(name) if name.startswith("/") else Path(env.get("XDG_RUNTIME_DIR", "/nonexistent")) / name
        if not socket.exists():
            return platformcheck.PlatformProblem(f"No Wayland compositor listens at {socket}: is the session running?")
    return None


def run(bundle: Path | None = None, *, media_timeout_s: float = MEDIA_TIMEOUT_S) -> tuple[list[Check], QtPlan]:
    """Every check without Qt, and what the Qt checks are to look at (the command runs those)."""
    loaded, settings_check = check_settings()
    settings = loaded.settings
    checks = [settings_check, check_store()]
    status_check = check_status_file(settings)
    if status_check is not None:
        checks.append(status_check)
    path, how, setting_problem = choose_bundle(bundle, settings)
    if setting_problem is not None:
        checks.append(setting_problem)
    bundle_check, manifest, root = check_bundle(path, how)
    checks.append(bundle_check)
    checks += [check_disk(folder_size(root)), check_log_folder()]
    plan = QtPlan(root=root, manifest=manifest, screen=settings.screen, platform_problem=display_problem(),
                  media_timeout_s=media_timeout_s)
    if manifest is not None and root is not None:
        everything = media_files(manifest, root)
        plan.media = [item for item in everything if item.path.is_file()]
        plan.missing_media = len(everything) - len(plan.media)
        plan.texts = texts_by_language(manifest, root)
    return checks, plan
