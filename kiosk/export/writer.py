"""Writing the site: a folder, or a zip, the same bytes every time.

Files are written in the order of their paths; a zip's entries carry one fixed date
(1980-01-01, the earliest a zip can hold), fixed permissions and no extra fields, so exporting
the same bundle twice gives byte-identical output. Text is stored compressed, media (already
compressed) stored as they are. A folder is written into a fresh staging folder beside the
target and moved into place at the end, so an export that fails leaves the old site whole.
Qt-free.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path

Content = bytes | Path
"""A file's content: bytes made by the export, or a file on disk copied as it is."""

FIXED_DATE = (1980, 1, 1, 0, 0, 0)
COMPRESSED = (".html", ".css", ".js", ".vtt", ".svg", ".xml", ".txt", ".json")
CHUNK = 1024 * 1024


def write_site(files: Mapping[str, Content], output: Path, progress: Callable[[int], None] | None = None) -> None:
    """Write `files` (site path → content) to `output`: a zip if it ends in .zip, else a folder."""
    if output.suffix.lower() == ".zip":
        _write_zip(files, output, progress)
    else:
        _write_folder(files, output, progress)


def _write_zip(files: Mapping[str, Content], output: Path, progress: Callable[[int], None] | None) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    handle, staging = tempfile.mkstemp(prefix=".export-", suffix=".zip", dir=output.parent)
    os.close(handle)
    try:
        with zipfile.ZipFile(staging, "w") as archive:
            for path in sorted(files):
                info = zipfile.ZipInfo(path, FIXED_DATE)
                info.external_attr = 0o644 << 16
                info.create_system = 3
                compressed = path.lower().endswith(COMPRESSED)
                info.compress_type = zipfile.ZIP_DEFLATED if compressed else zipfile.ZIP_STORED
                content = files[path]
                if isinstance(content, bytes):
                    archive.writestr(info, content, compresslevel=9 if compressed else None)
                else:
                    with content.open("rb") as source, archive.open(info, "w", force_zip64=True) as target:
                        shutil.copyfileobj(source, target, CHUNK)
                if progress:
                    progress(1)
        os.replace(staging, output)
    except BaseException:
        Path(staging).unlink(missing_ok=True)
        raise


def _write_folder(files: Mapping[str, Content], output: Path, progress: Callable[[int], None] | None) -> None:
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".export-", dir=output.parent))
    try:
        for path in sorted(files):
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            content = files[path]
            if isinstance(content, bytes):
                target.write_bytes(content)
            else:
                shutil.copyfile(content, target)
            if progress:
                progress(1)
        if output.exists():
            old = Path(tempfile.mkdtemp(prefix=".old-", dir=output.parent))
            os.replace(output, old / "site")
            os.replace(staging, output)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, output)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
