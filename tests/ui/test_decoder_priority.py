"""Decoding threads give way to the GUI thread, so a big picture's decode never stalls the screen."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage

from kiosk.ui import imaging
from kiosk.ui.imaging import DECODER_NICENESS, ImageDecoder

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice values are Linux's")


def test_pictures_are_decoded_at_a_lower_priority_than_the_gui_thread(qtbot, tmp_path: Path, monkeypatch) -> None:
    picture = QImage(400, 300, QImage.Format.Format_RGB32)
    picture.fill(QColor("#1D3557"))
    path = tmp_path / "p.png"
    assert picture.save(str(path))
    seen: list[tuple[int, int]] = []
    decode = imaging._DecodeJob._decode

    def noting_priority(job: imaging._DecodeJob) -> object:
        if job._path == path:  # other tests' decoders may still be finishing their own jobs
            seen.append((threading.get_native_id(), os.getpriority(os.PRIO_PROCESS, threading.get_native_id())))
        return decode(job)

    monkeypatch.setattr(imaging._DecodeJob, "_decode", noting_priority)
    decoder = ImageDecoder(threads=1)
    try:
        with qtbot.waitSignal(decoder.decoded, timeout=5000):
            decoder.request(path, QSize(200, 150))
    finally:
        decoder.shutdown()
        decoder.deleteLater()
    gui = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    (worker, niceness), = seen
    assert worker != threading.get_native_id()
    assert niceness == min(19, gui + DECODER_NICENESS)
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == gui, "the GUI thread keeps its priority"
