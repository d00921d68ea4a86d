"""Image views: the picture uncropped with its label beneath, zoom, pan, tiles, failures."""

from __future__ import annotations

import logging
import shutil
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QMouseEvent, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QGestureEvent, QPinchGesture

from kiosk.bundle.playable import PlayableBundle
from kiosk.ui.exhibits import create_view
from kiosk.ui.exhibits.base import ExhibitContext
from kiosk.ui.exhibits.image import ImageView
from kiosk.ui.exhibits.placeholder import PlaceholderView
from kiosk.ui.exhibits.zoom import DOUBLE_TAP_ZOOM

pytest_plugins = [f"{__package__}.conftest_exhibits"]


def shown(qtbot, show_view, ref: str, **options: object) -> ImageView:
    view = show_view(ref, **options)
    assert isinstance(view, ImageView)
    qtbot.waitUntil(lambda: view.canvas.base is not None, timeout=10_000)
    return view


def wheel(widget, position: QPointF, steps: int) -> None:
    event = QWheelEvent(position, widget.mapToGlobal(position), QPoint(), QPoint(0, 120 * steps),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                        False)
    QApplication.sendEvent(widget, event)


def test_the_picture_is_fitted_uncropped_with_its_label_beneath(qtbot, show_view) -> None:
    view = shown(qtbot, show_view, "art/dawn", size=(1920, 1080))
    panel, canvas = view.panel, view.canvas
    assert [panel.title.text(), panel.caption.text(), panel.credit.text()] == [
        "Dawn", "A flow field at dawn.", "Image: Test Studio / Kiosk"]
    assert canvas.accessibleDescription() == "Orange curves on blue."
    picture = canvas.image_rect()
    assert QRectF(canvas.rect()).adjusted(-1, -1, 1, 1).contains(picture), "never cropped"
    fills_a_side = picture.width() >= canvas.width() - 1 or picture.height() >= canvas.height() - 1
    assert fills_a_side, "as large as fits"
    label_top = panel.label.mapTo(view, QPoint(0, 0)).y()
    assert canvas.mapTo(view, QPoint(0, canvas.height())).y() <= label_top, "the label is beneath, not over"
    assert panel.caption.font().pixelSize() >= 28


def test_a_huge_picture_is_decoded_off_the_gui_thread_at_screen_size(
        qtbot, show_view, fresh_cache) -> None:
    view = shown(qtbot, show_view, "art/huge", size=(1280, 720))
    base = view.canvas.base
    assert base is not None
    assert base.thread_id != threading.get_ident()
    assert base.source_size.width() == 8000
    assert base.image.width() <= view.canvas.width() * view.canvas.devicePixelRatioF() + 1


def test_wheel_zoom_keeps_the_point_under_the_pointer(qtbot, show_view) -> None:
    view = shown(qtbot, show_view, "art/dawn")
    canvas = view.canvas
    anchor = QPointF(canvas.width() * 0.3, canvas.height() * 0.4)
    picture = canvas.image_rect()
    before = (anchor - picture.topLeft()) / canvas.scale()
    wheel(canvas, anchor, 3)
    assert canvas.zoom > 1.5
    after = (anchor - canvas.image_rect().topLeft()) / canvas.scale()
    assert (after - before).manhattanLength() < 1.0
    assert view.wants_swipe(1), "a zoomed picture pans instead of changing exhibit"


def test_double_tap_zooms_in_and_back_out(qtbot, show_view) -> None:
    view = shown(qtbot, show_view, "art/dawn")
    canvas = view.canvas
    centre = canvas.rect().center()
    QTest.mouseDClick(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    assert canvas.zoom == pytest.approx(DOUBLE_TAP_ZOOM)
    QTest.mouseDClick(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    assert canvas.zoom == pytest.approx(1.0)
    assert not view.wants_swipe(1)


def test_a_pinch_zooms(qtbot, show_view) -> None:
    view = shown(qtbot, show_view, "art/dawn")
    canvas = view.canvas
    pinch = QPinchGesture()
    centre = QPointF(canvas.mapToGlobal(canvas.rect().center()))
    pinch.setCenterPoint(centre)
    pinch.setLastCenterPoint(centre)
    pinch.setScaleFactor(2.0)
    QApplication.sendEvent(canvas, QGestureEvent([pinch]))
    assert canvas.zoom == pytest.approx(2.0)


def test_zoomed_in_the_visible_region_is_decoded_sharper_off_the_gui_thread(
        qtbot, show_view, fresh_cache) -> None:
    view = shown(qtbot, show_view, "art/huge")
    canvas = view.canvas
    base = canvas.base
    assert base is not None
    with qtbot.waitSignal(canvas.detail_shown, timeout=10_000):
        canvas.set_zoom(8.0)
    detail = canvas.detail
    assert detail is not None
    assert detail.clip is not None
    assert detail.scale >= 4 * base.scale, "the region is decoded sharper than the fitted picture"
    assert detail.scale >= canvas.scale() * 0.99, "at least one decoded pixel per screen pixel"
    assert QRectF(detail.clip).contains(canvas.visible_source_rect())
    assert detail.clip.width() < 8000, "only a region, not the whole picture"
    assert detail.clip.height() < 6000
    assert detail.thread_id != threading.get_ident()


def test_a_drag_pans_only_when_zoomed_in(qtbot, show_view) -> None:
    view = shown(qtbot, show_view, "art/dawn")
    canvas = view.canvas
    press = QMouseEvent(QMouseEvent.Type.MouseButtonPress, QPointF(100, 100), QPointF(100, 100),
                        Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(canvas, press)
    assert not press.isAccepted(), "at the fitted size a press goes on to the gallery or screen (swipes)"
    canvas.set_zoom(3.0)
    before = canvas.visible_source_rect().center()
    start = canvas.rect().center()
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(canvas, start + QPoint(120, 0))
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       start + QPoint(120, 0))
    after = canvas.visible_source_rect().center()
    assert after.x() < before.x(), "dragging right shows what lies to the left"
    view.reset_view()
    assert canvas.zoom == 1.0


def test_language_switch_relabels(show_view, exhibit_bundle) -> None:
    view = show_view("art/dawn")
    view.set_context(ExhibitContext(exhibit_bundle, "ar"))
    assert view.panel.title.text() == "فجر"
    assert view.panel.caption.text() == "حقل تدفق عند الفجر."
    assert view.layoutDirection() == Qt.LayoutDirection.RightToLeft


def test_a_missing_picture_shows_the_placeholder_and_the_tour_moves_on(
        qtbot, show_view, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, "kiosk.ui.exhibits"):
        view = show_view("art/lost", language="fr")
    assert isinstance(view, PlaceholderView)
    assert view.panel.title.text() == "Une image perdue"
    assert view.panel.message.text() == "Cet élément ne peut pas être présenté pour le moment."
    assert "lost.png" in caplog.text
    assert view.waits_for_end()
    with qtbot.waitSignal(view.finished, timeout=2000):
        view.start_tour()


def test_a_picture_that_fails_to_decode_shows_the_placeholder(
        qtbot, exhibit_bundle: PlayableBundle, tmp_path: Path, fast_timing,
        caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "media").mkdir()
    (tmp_path / "media" / "dawn.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    shutil.copy(exhibit_bundle.file("media/s1.png"), tmp_path / "media" / "s1.png")
    broken = PlayableBundle(exhibit_bundle.manifest, tmp_path, tmp_path)
    found = broken.manifest.find("art/dawn")
    assert found is not None
    with caplog.at_level(logging.WARNING, "kiosk.ui.exhibits"):
        view = create_view(found[1], ExhibitContext(broken, "en"))
        qtbot.addWidget(view)
        view.resize(800, 600)
        view.show()
        view.activate()
        qtbot.waitUntil(lambda: view.failed)
    assert str(tmp_path / "media" / "dawn.png") in caplog.text
    assert view.placeholder is not None
    assert view.placeholder.isVisible()
    assert view.placeholder.title.text() == "Dawn"
