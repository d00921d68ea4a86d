"""Flick scrolling: pages of tiles and pages being read share one set-up, each with its own feel."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFrame, QScrollArea, QScroller, QScrollerProperties, QWidget

from kiosk.ui.exhibits.text import enable_kinetic_scrolling
from kiosk.ui.widgets import scrolling_page

Metric = QScrollerProperties.ScrollMetric
Overshoot = QScrollerProperties.OvershootPolicy


def _metrics(area: QScrollArea) -> dict[str, object]:
    properties = QScroller.scroller(area.viewport()).scrollerProperties()
    return {
        "drag start": round(properties.scrollMetric(Metric.DragStartDistance), 4),
        "sideways": properties.scrollMetric(Metric.HorizontalOvershootPolicy),
        "up and down": properties.scrollMetric(Metric.VerticalOvershootPolicy),
        "press delay": round(properties.scrollMetric(Metric.MousePressEventDelay), 4),
        "edge resistance": round(properties.scrollMetric(Metric.OvershootDragResistanceFactor), 4),
    }


def test_a_page_of_tiles_flicks_at_once_without_a_frame(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    default_resistance = round(QScrollerProperties().scrollMetric(Metric.OvershootDragResistanceFactor), 4)
    area = scrolling_page(QWidget(), parent)
    assert area.frameShape() == QFrame.Shape.NoFrame
    assert area.widget() is not None
    assert _metrics(area) == {"drag start": 0.004, "sideways": Overshoot.OvershootAlwaysOff,
                              "up and down": Overshoot.OvershootWhenScrollable, "press delay": 0.0,
                              "edge resistance": default_resistance}


def test_a_page_being_read_resists_more_at_its_edge(qtbot) -> None:
    area = QScrollArea()
    qtbot.addWidget(area)
    default_delay = round(QScrollerProperties().scrollMetric(Metric.MousePressEventDelay), 4)
    enable_kinetic_scrolling(area)
    assert _metrics(area) == {"drag start": 0.004, "sideways": Overshoot.OvershootAlwaysOff,
                              "up and down": Overshoot.OvershootWhenScrollable, "press delay": default_delay,
                              "edge resistance": 0.35}
    assert default_delay != pytest.approx(0.0)
