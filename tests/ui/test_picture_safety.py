"""The player's side of hostile pictures: SVGs drawn only from their sanitised bytes, sizes
checked before decoding, Markdown pictures never read from disk by Qt, and a kiosk whose
decoder is stuck still ends on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QSize, QUrl
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QTextBrowser

from kiosk.ui import imaging
from tests.bundle.test_picture_limits import SVG_OPEN, use_bomb
from tests.conftest import REPO
from tests.ui.conftest import build_bundle

BLUE = QColor("#0000ff").rgb()


def red_png(path: Path) -> Path:
    image = QImage(8, 8, QImage.Format.Format_RGB32)
    image.fill(QColor("#ff0000"))
    assert image.save(str(path))
    return path


def huge_jpeg(path: Path) -> Path:
    """A real JPEG whose frame header is rewritten to declare 65500x65500 pixels."""
    image = QImage(16, 16, QImage.Format.Format_RGB32)
    image.fill(QColor("#00ff00"))
    buffer = QBuffer()
    assert image.save(buffer, "JPEG")
    data = bytearray(buffer.data().data())
    frame = data.index(b"\xff\xc0")
    data[frame + 5 : frame + 9] = (65500).to_bytes(2, "big") * 2
    path.write_bytes(bytes(data))
    return path


def test_an_svg_never_shows_a_file_outside_it(tmp_path: Path) -> None:
    outside = red_png(tmp_path / "outside.png")
    picture = tmp_path / "picture.svg"
    picture.write_text(f'{SVG_OPEN}<rect width="40" height="20" fill="#0000ff"/>'
                       f'<image href="{outside}" width="40" height="20"/></svg>')
    image = imaging.picture_reader(picture).read()
    assert image.size() == QSize(40, 20)
    assert {image.pixel(x, y) for x in range(0, 40, 5) for y in range(0, 20, 5)} == {BLUE}


def test_an_svg_pointing_at_a_fifo_does_not_block(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    picture = tmp_path / "picture.svg"
    picture.write_text(f'{SVG_OPEN}<image href="{fifo}" width="4" height="4"/></svg>')
    assert imaging.read_size(picture) == QSize(40, 20)  # opening the FIFO would block here forever
    assert not imaging.read_size(fifo).isValid()
    assert imaging.refusal(imaging.picture_reader(fifo)) == "not a regular file"


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda folder: (folder / "bomb.svg", use_bomb()),
         "the SVG draws 4,691,358,014 elements once its references are followed; at most 200,000 are drawn"),
        (lambda folder: (huge_jpeg(folder / "huge.jpg"), None),
         "declares 65500x65500 pixels; at most 250 megapixels are shown: save it smaller"),
    ],
    ids=["use-bomb", "jpeg-65500"],
)
def test_a_picture_over_its_budget_fails_and_becomes_the_placeholder(qtbot, tmp_path: Path, make,  # type: ignore[no-untyped-def]
                                                                     reason: str) -> None:
    path, text = make(tmp_path)
    if text is not None:
        path.write_text(text)
    decoder = imaging.ImageDecoder()
    try:
        with qtbot.waitSignal(decoder.failed, timeout=10_000) as failed:
            decoder.request(path, QSize(1920, 1080))
        assert failed.args[2] == reason
        assert decoder.wait_idle(10_000)
    finally:
        decoder.shutdown()
        decoder.deleteLater()


class RecordingBrowser(QTextBrowser):
    def __init__(self) -> None:
        super().__init__()
        self.loaded: list[str] = []

    def loadResource(self, kind: int, name: QUrl) -> object:  # noqa: N802
        self.loaded.append(name.toString())
        return super().loadResource(kind, name)


def test_markdown_pictures_of_any_syntax_are_never_read_by_qt(qtbot, tmp_path: Path) -> None:
    from kiosk.ui.exhibits.markdown import TextLook, render_markdown
    from kiosk.ui.exhibits.style import Colors, Metrics

    outside = red_png(tmp_path / "outside.png")
    browser = RecordingBrowser()
    qtbot.addWidget(browser)
    markdown = f"See ![a][r], <img src=\"{outside}\" alt=\"h\"> and ![i]({outside})\n\n[r]: {outside}\n"
    render_markdown(browser.document(), markdown, TextLook(Metrics(), Colors(*(QColor("#888888"),) * 7), browser.font()))
    browser.resize(400, 300)
    browser.show()
    qtbot.waitExposed(browser)
    browser.grab()
    assert browser.loaded == []


STUCK_KIOSK = textwrap.dedent(
    """\
    import sys, threading
    from kiosk.ui import imaging

    def stuck(self):
        print("DECODER STUCK", file=sys.stderr, flush=True)
        threading.Event().wait()

    imaging._DecodeJob._decode = stuck
    from kiosk.cli import main
    sys.exit(main(["run", sys.argv[1], "--windowed"]))
    """
)


@pytest.mark.slow
def test_sigterm_ends_a_kiosk_whose_decoder_is_stuck(tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    bundle = build_bundle(tmp_path / "bundle")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    for name in ("CONFIG", "DATA", "STATE", "CACHE"):
        env[f"XDG_{name}_HOME"] = str(tmp_path / name.lower())
    with subprocess.Popen([sys.executable, "-c", STUCK_KIOSK, str(bundle)], env=env, cwd=tmp_path,
                          stderr=subprocess.PIPE, text=True) as process:
        try:
            assert process.stderr is not None
            for line in process.stderr:
                if "DECODER STUCK" in line:
                    break
            process.send_signal(signal.SIGTERM)
            started = time.monotonic()
            _, rest = process.communicate(timeout=20)
            code = process.returncode
            waited = time.monotonic() - started
        finally:
            if process.poll() is None:
                process.kill()
    assert code == 0, rest[-2000:]
    assert waited < 10
    assert "SIGTERM received; stopping" in rest
    assert "the kiosk leaves without waiting for it" in rest
    assert "Traceback" not in rest
