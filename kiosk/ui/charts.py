"""The report's charts, drawn with QPainter on offscreen images and saved as PNG.

Drawn for paper and screens alike: a white ground, dark text, one blue for the data, light
grid lines, every axis labelled and every bar given its number. Images are painted at twice
their size so they stay sharp when printed; the HTML shows them at `WIDTH` CSS pixels.
A chart with nothing to show says so in its middle rather than showing empty axes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetricsF, QImage, QLinearGradient, QPainter, QPen

WIDTH = 760
SCALE = 2.0
INK = QColor("#1d2430")
MUTED = QColor("#5b6472")
GRID = QColor("#e3e6ea")
BAR = QColor("#2f6f8f")
BAR_PALE = QColor("#a9c8d8")
PALE = QColor("#f1f3f5")
HEAT_LOW = QColor("#dbe9f6")
HEAT_HIGH = QColor("#08306b")
FAMILIES = ("Noto Sans", "DejaVu Sans", "Liberation Sans", "Arial")
WEEKDAY_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _font(pixels: float, bold: bool = False) -> QFont:
    installed = set(QFontDatabase.families())
    font = QFont()
    family = next((f for f in FAMILIES if f in installed), None)
    if family:
        font.setFamily(family)
    font.setPixelSize(round(pixels))
    font.setBold(bold)
    return font


def nice_ticks(highest: float, most: int = 5) -> list[int]:
    """Round whole-number axis ticks from 0 that reach at least `highest`."""
    if highest <= 0:
        return [0, 1]
    raw = highest / most
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    step = max(1, round(step))
    return list(range(0, math.ceil(highest / step) * step + 1, step))


def short_day(day: date) -> str:
    return f"{day.day} {day.strftime('%b')}"


class Canvas:
    """A white image with a title; `plot` is the rectangle left for the chart."""

    y_label = ""

    def __init__(self, title: str, height: int, *, left: float = 56, right: float = 24, top: float = 52,
                 bottom: float = 44) -> None:
        self.width, self.height = WIDTH, height
        self.image = QImage(round(WIDTH * SCALE), round(height * SCALE), QImage.Format.Format_ARGB32)
        self.image.setDevicePixelRatio(SCALE)
        self.image.fill(QColor("white"))
        self.painter = QPainter(self.image)
        self.painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.title_font, self.label_font, self.small_font = _font(17, bold=True), _font(12.5), _font(11.5)
        self.painter.setFont(self.title_font)
        self.painter.setPen(INK)
        self.painter.drawText(QRectF(16, 10, WIDTH - 32, 28), Qt.AlignmentFlag.AlignLeft, title)
        self.plot = QRectF(left, top, WIDTH - left - right, height - top - bottom)

    def text(self, rect: QRectF, text: str, align: Qt.AlignmentFlag, *, font: QFont | None = None,
             color: QColor = MUTED) -> None:
        self.painter.setFont(font or self.label_font)
        self.painter.setPen(color)
        self.painter.drawText(rect, int(align), text)

    def text_width(self, text: str, font: QFont | None = None) -> float:
        return QFontMetricsF(font or self.label_font).horizontalAdvance(text)

    def empty(self, message: str) -> None:
        self.painter.fillRect(self.plot, PALE)
        self.text(self.plot, message, Qt.AlignmentFlag.AlignCenter, color=MUTED)

    def y_axis(self, ticks: list[int], label: str) -> None:
        """Horizontal grid lines at `ticks`, their numbers on the left, the axis name above."""
        top = ticks[-1] or 1
        for tick in ticks:
            y = self.plot.bottom() - self.plot.height() * tick / top
            self.painter.setPen(QPen(INK if tick == 0 else GRID, 1))
            self.painter.drawLine(QPointF(self.plot.left(), y), QPointF(self.plot.right(), y))
            self.text(QRectF(0, y - 9, self.plot.left() - 8, 18), f"{tick:,}",
                      Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, font=self.small_font)
        self.text(QRectF(16, self.plot.top() - 30, 300, 16), label, Qt.AlignmentFlag.AlignLeft,
                  font=self.small_font)

    def finish(self) -> QImage:
        self.painter.end()
        return self.image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # (the stubs say bytes; Qt wants str)
    buffer.close()
    return bytes(data.data())


def columns(canvas: Canvas, values: Sequence[int], labels: Sequence[str], *, value_labels: bool,
            pale: Sequence[bool] = ()) -> None:
    """Vertical bars over the plot; `labels` under them, thinned so they never overlap.

    Bars flagged in `pale` are drawn light (a week only partly inside the period).
    """
    ticks = nice_ticks(max(values, default=0))
    canvas.y_axis(ticks, canvas.y_label)
    slot = canvas.plot.width() / max(1, len(values))
    gap = max(slot - 64, min(slot * 0.25, 8)) if slot > 3 else 0
    widest = max((canvas.text_width(label, canvas.small_font) for label in labels), default=0)
    every = max(1, math.ceil((widest + 10) / slot))
    for index, value in enumerate(values):
        x = canvas.plot.left() + index * slot
        height = canvas.plot.height() * value / ticks[-1]
        if value:
            colour = BAR_PALE if index < len(pale) and pale[index] else BAR
            bar = QRectF(x + gap / 2, canvas.plot.bottom() - height, slot - gap, height)
            canvas.painter.fillRect(bar, colour)
        if value_labels and value:
            canvas.text(QRectF(x - 10, canvas.plot.bottom() - height - 18, slot + 20, 16), f"{value:,}",
                        Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, font=canvas.small_font,
                        color=INK)
        if index % every == 0:
            canvas.text(QRectF(x + slot / 2 - 60, canvas.plot.bottom() + 6, 120, 16), labels[index],
                        Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, font=canvas.small_font)


def visits_over_time(per_day: Sequence[tuple[date, int]]) -> tuple[QImage, list[tuple[str, int]]]:
    """Visits per day (per week over more than three months); the image and its table.

    A week only partly inside the period is drawn light, so a short first or last week
    does not read as a drop in visitors.
    """
    weekly = len(per_day) > 92
    partial: list[bool] = []
    if weekly:
        weeks: dict[date, list[int]] = {}
        for day, count in per_day:
            week = weeks.setdefault(day - timedelta(days=day.weekday()), [0, 0])
            week[0] += count
            week[1] += 1
        mondays = sorted(weeks)
        partial = [weeks[monday][1] < 7 for monday in mondays]
        rows = [(f"week of {short_day(monday)} {monday.year}" + (" (part)" if part else ""), weeks[monday][0])
                for monday, part in zip(mondays, partial, strict=True)]
        labels = [short_day(monday) for monday in mondays]
    else:
        rows = [(f"{day.strftime('%a')} {short_day(day)} {day.year}", count) for day, count in per_day]
        labels = [short_day(day) for day, _ in per_day]
    canvas = Canvas("Visits per week" if weekly else "Visits per day", 330, top=72, bottom=52)
    canvas.y_label = "visits"
    if not rows or not any(count for _, count in rows):
        canvas.empty("No visits in this period")
    else:
        columns(canvas, [count for _, count in rows], labels, value_labels=len(rows) <= 31, pale=partial)
        if any(partial):
            canvas.painter.fillRect(QRectF(canvas.plot.left(), canvas.plot.bottom() + 30, 12, 12), BAR_PALE)
            canvas.text(QRectF(canvas.plot.left() + 18, canvas.plot.bottom() + 27, 400, 18),
                        "a week only partly in the period", Qt.AlignmentFlag.AlignLeft,
                        font=canvas.small_font)
    return canvas.finish(), rows


def dwell_histogram(bins: Sequence[tuple[str, int]]) -> QImage:
    canvas = Canvas("How long an exhibit stays on screen", 310, top=72)
    canvas.y_label = "exhibit views"
    if not any(count for _, count in bins):
        canvas.empty("No exhibit views in this period")
    else:
        columns(canvas, [count for _, count in bins], [label for label, _ in bins], value_labels=True)
    return canvas.finish()


def horizontal_bars(title: str, rows: Sequence[tuple[str, int, str]], empty: str) -> QImage:
    """One bar per row (label, value, the text after the bar), longest first as given."""
    row_height = 30
    canvas = Canvas(title, 52 + max(1, len(rows)) * row_height + 20, left=16, bottom=16)
    if not rows or not any(value for _, value, _ in rows):
        canvas.plot = QRectF(16, 52, WIDTH - 32, 60)
        canvas.empty(empty)
        return canvas.finish()
    label_width = min(240.0, max(canvas.text_width(label) for label, _, _ in rows) + 12)
    note_width = max(canvas.text_width(note, canvas.small_font) for _, _, note in rows) + 12
    left = canvas.plot.left() + label_width
    span = canvas.plot.right() - left - note_width
    top = max(value for _, value, _ in rows)
    metrics = QFontMetricsF(canvas.label_font)
    for index, (label, value, note) in enumerate(rows):
        y = canvas.plot.top() + index * row_height
        shown = metrics.elidedText(label, Qt.TextElideMode.ElideMiddle, label_width - 12)
        canvas.text(QRectF(canvas.plot.left(), y, label_width - 12, row_height - 6), shown,
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, color=INK)
        length = max(1.0, span * value / top) if value else 0.0
        canvas.painter.fillRect(QRectF(left, y + 3, span, row_height - 12), PALE)
        canvas.painter.fillRect(QRectF(left, y + 3, length, row_height - 12), BAR)
        canvas.text(QRectF(left + length + 8, y, note_width + span, row_height - 6), note,
                    Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, font=canvas.small_font)
    return canvas.finish()


def heat_colour(share: float) -> QColor:
    """From pale blue (few) to deep blue (most); perceptually even enough for seven steps."""
    share = min(1.0, max(0.0, share)) ** 0.8
    return QColor.fromRgbF(
        HEAT_LOW.redF() + (HEAT_HIGH.redF() - HEAT_LOW.redF()) * share,
        HEAT_LOW.greenF() + (HEAT_HIGH.greenF() - HEAT_LOW.greenF()) * share,
        HEAT_LOW.blueF() + (HEAT_HIGH.blueF() - HEAT_LOW.blueF()) * share)


def busy_hours(week_hours: Sequence[Sequence[int]]) -> range:
    """The hours that had visits, widened to at least 8:00-18:00 so quiet days still read."""
    used = [hour for hours in week_hours for hour, count in enumerate(hours) if count]
    if not used:
        return range(8, 19)
    return range(min(8, *used), max(18, *used) + 1)


def week_heatmap(week_hours: Sequence[Sequence[int]]) -> QImage:
    """Visits begun in each hour of each weekday: seven rows, one column per hour."""
    hours = busy_hours(week_hours)
    canvas = Canvas("When visits begin: weekday and hour", 330, left=56, bottom=70)
    top = max((count for row in week_hours for count in row), default=0)
    cell_w = canvas.plot.width() / len(hours)
    cell_h = canvas.plot.height() / 7
    for row, name in enumerate(WEEKDAY_SHORT):
        y = canvas.plot.top() + row * cell_h
        canvas.text(QRectF(0, y, canvas.plot.left() - 8, cell_h), name,
                    Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, color=INK)
        for column, hour in enumerate(hours):
            count = week_hours[row][hour]
            rect = QRectF(canvas.plot.left() + column * cell_w + 1, y + 1, cell_w - 2, cell_h - 2)
            canvas.painter.fillRect(rect, heat_colour(count / top) if count else PALE)
            if count and canvas.text_width(f"{count:,}", canvas.small_font) < cell_w - 4:
                light = count / top > 0.45
                canvas.text(rect, f"{count:,}", Qt.AlignmentFlag.AlignCenter, font=canvas.small_font,
                            color=QColor("white") if light else INK)
    for column, hour in enumerate(hours):
        x = canvas.plot.left() + column * cell_w
        canvas.text(QRectF(x, canvas.plot.bottom() + 4, cell_w, 16), f"{hour}",
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, font=canvas.small_font)
    canvas.text(QRectF(canvas.plot.left(), canvas.plot.bottom() + 20, 200, 16),
                "hour of the day (local time)",
                Qt.AlignmentFlag.AlignLeft, font=canvas.small_font)
    if not top:
        canvas.text(canvas.plot, "No visits in this period", Qt.AlignmentFlag.AlignCenter, color=INK)
        return canvas.finish()
    legend = QRectF(canvas.plot.right() - 220, canvas.plot.bottom() + 44, 160, 12)
    gradient = QLinearGradient(legend.topLeft(), legend.topRight())
    for stop in (0.0, 0.25, 0.5, 0.75, 1.0):
        gradient.setColorAt(stop, heat_colour(stop))
    canvas.painter.fillRect(legend, gradient)
    canvas.text(QRectF(legend.left() - 110, legend.top() - 3, 104, 18), "visits: 1",
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, font=canvas.small_font)
    canvas.text(QRectF(legend.right() + 6, legend.top() - 3, 60, 18), f"{top:,}",
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, font=canvas.small_font)
    return canvas.finish()
