"""Text and article exhibits: Markdown in a readable column, scrolled by touch.

One column about 60 characters wide, centred, on a page that scrolls kinetically
(QScroller) wherever the visitor drags. An article adds its picture on top and its
related exhibits as large buttons at the end; choosing one emits `open_ref`.
"""

from __future__ import annotations

import logging
import math

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QUrl
from PySide6.QtGui import QFont, QFontMetricsF, QResizeEvent, QWheelEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QScroller,
    QScrollerProperties,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kiosk.bundle.declare import REF_SYNTAX
from kiosk.bundle.model import PAGES, ArticleExhibit, Exhibit
from kiosk.ui import bidi
from kiosk.ui.exhibits.base import ExhibitContext
from kiosk.ui.exhibits.common import StyledView, leading
from kiosk.ui.exhibits.inline_pictures import InlinePictures
from kiosk.ui.exhibits.markdown import TextLook, render_markdown
from kiosk.ui.exhibits.picture import Picture
from kiosk.ui.exhibits.style import (
    BODY_PX,
    CREDIT_PX,
    HEADING_PX,
    MARGIN_PX,
    TITLE_PX,
    Colors,
    css,
    is_rtl,
)
from kiosk.ui.i18n import say
from kiosk.ui.widgets import flick_scroller

log = logging.getLogger("kiosk.ui.exhibits")

COLUMN_CHARACTERS = 62
_MEASURE = "The exhibition asks who is the author when a machine paints, composes or invents."


def enable_kinetic_scrolling(area: QScrollArea | QTextBrowser) -> QScroller:
    """Drag anywhere to scroll, with momentum and a soft edge, as on a phone; a page being read
    resists a little more at its edge than a page of tiles."""
    return flick_scroller(area.viewport(), {QScrollerProperties.ScrollMetric.OvershootDragResistanceFactor: 0.35})


def scrollbar_css(colors: Colors, width: int) -> str:
    return (
        f"QScrollBar:vertical {{ background: transparent; width: {width}px; margin: 0; }}"
        f"QScrollBar::handle:vertical {{ background: {css(colors.muted)}; border-radius: {width // 2}px;"
        f" min-height: {width * 6}px; }}"
        "QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical { height: 0; }"
        "QScrollBar::add-page:vertical, QScrollBar::sub-page:vertical { background: transparent; }"
    )


class FittedText(QTextBrowser):
    """Rendered Markdown exactly as tall as its text; the page around it scrolls."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setOpenLinks(False)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.viewport().setAutoFillBackground(False)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)

    def _fit(self) -> None:
        height = math.ceil(self.document().size().height()) + 2
        if height != self.height():
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.document().setTextWidth(self.viewport().width())
        self._fit()

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        event.ignore()


class RelatedLink(QPushButton):
    """A large button naming a related exhibit and its section."""

    def __init__(self, ref: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ref = ref
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.section = QLabel(self)
        self.title = QLabel(self)
        self.arrow = QLabel(self)
        self.arrow.setObjectName("arrow")
        self.section.setObjectName("muted")
        for label in (self.section, self.title, self.arrow):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.title.setWordWrap(True)
        texts = QVBoxLayout()
        texts.setSpacing(4)
        texts.addWidget(self.section)
        texts.addWidget(self.title)
        row = QHBoxLayout(self)
        self.row = row
        row.addLayout(texts, 1)
        row.addWidget(self.arrow, 0, Qt.AlignmentFlag.AlignVCenter)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def set_texts(self, section: str, title: str, rtl: bool) -> None:
        self.section.setText(section)
        self.section.setVisible(bool(section))
        self.title.setText(title)
        self.arrow.setText("←" if rtl else "→")
        self.setAccessibleName(title)

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.row.sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return self.row.minimumSize()


class TextView(StyledView):
    """A text or an article: title, Markdown body, and for articles a picture and links."""

    def __init__(self, exhibit: Exhibit, context: ExhibitContext, parent: QWidget | None = None) -> None:
        super().__init__(exhibit, context, parent)
        if not isinstance(exhibit, PAGES):
            raise TypeError(f"TextView shows text and article exhibits, not {type(exhibit).__name__}")
        # The style sheet goes on before the children: each is then styled once as it is made,
        # not restyled all over again when a sheet arrives (a third of an article's build).
        self.setStyleSheet(self._css())
        self.area = QScrollArea(self.content)
        self.area.setFrameShape(QFrame.Shape.NoFrame)
        self.area.setWidgetResizable(True)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.page = QWidget()
        self.page.setObjectName("page")
        self.area.setWidget(self.page)
        self.column = QWidget(self.page)
        row = QHBoxLayout(self.page)
        row.addStretch(1)
        row.addWidget(self.column)
        row.addStretch(1)
        outer = QVBoxLayout(self.content)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.area)

        self.picture: Picture | None = None
        self.picture_credit = QLabel(self.column)
        image = exhibit.image if isinstance(exhibit, ArticleExhibit) else None
        if image:
            self.picture = Picture(context.bundle.file(image), self.column)
            self.picture.failed.connect(self._on_picture_failed)
        self.title_label = QLabel(self.column)
        self.body = FittedText(self.column)
        self.body.anchorClicked.connect(self._on_link)
        self.inline_pictures = InlinePictures(self.body, context.bundle.root)
        self.credit_label = QLabel(self.column)
        self.related_heading = QLabel(self.column)
        self.related_links: list[RelatedLink] = []
        for ref in exhibit.related if isinstance(exhibit, ArticleExhibit) else ():
            if context.bundle.manifest.find(ref) is None:
                log.warning("exhibit '%s' links to '%s', which the bundle does not have", exhibit.id, ref)
                continue
            link = RelatedLink(ref, self.column)
            link.clicked.connect(lambda _checked=False, target=ref: self.open_ref.emit(target))
            self.related_links.append(link)
        self._lay_out_column()
        self.scroller = enable_kinetic_scrolling(self.area)
        self.area.viewport().installEventFilter(self)
        self.refresh()

    def _lay_out_column(self) -> None:
        self._column_layout = QVBoxLayout(self.column)
        self._column_layout.setContentsMargins(0, 0, 0, 0)
        if self.picture is not None:
            self._column_layout.addWidget(self.picture)
            self._column_layout.addWidget(self.picture_credit)
        else:
            self.picture_credit.hide()
        self._column_layout.addWidget(self.title_label)
        self._column_layout.addWidget(self.body)
        self._column_layout.addWidget(self.credit_label)
        if self.related_links:
            self._column_layout.addWidget(self.related_heading)
            for link in self.related_links:
                self._column_layout.addWidget(link)
        else:
            self.related_heading.hide()
        self._column_layout.addStretch(1)
        for label in (self.picture_credit, self.credit_label):
            label.setObjectName("muted")
        for label in (self.title_label, self.picture_credit, self.credit_label, self.related_heading):
            label.setWordWrap(True)

    # The contract ------------------------------------------------------------------

    def reset_view(self) -> None:
        self.scroller.stop()
        self.area.verticalScrollBar().setValue(0)

    def deactivate(self) -> None:
        super().deactivate()
        self.scroller.stop()
        if self.picture is not None:
            self.picture.release()

    def activate(self) -> None:
        if self.picture is not None:
            self.picture.ensure_loaded()

    # Look ---------------------------------------------------------------------------

    def refresh(self) -> None:
        context, metrics, colors = self.context, self.metrics, self.colors
        base = self.font()
        rtl = is_rtl(context.language)
        for label in (self.title_label, self.picture_credit, self.credit_label, self.related_heading):
            label.setAlignment(leading(context.language))
        self.title_label.setText(context.text(self.exhibit.title))
        self.title_label.setFont(metrics.font(base, TITLE_PX, QFont.Weight.DemiBold))
        for reader in (self.area, self.body):
            reader.setAccessibleName(self.title_label.text())
            reader.setAccessibleDescription(say("text_area_desc", context.language))
        if self.picture is not None and isinstance(self.exhibit, ArticleExhibit):
            self.picture.setAccessibleName(context.text(self.exhibit.alt))
        credit = context.text(self.exhibit.credit)
        credit_target = self.picture_credit if self.picture is not None else self.credit_label
        (self.credit_label if self.picture is not None else self.picture_credit).hide()
        credit_target.setText(credit)
        credit_target.setVisible(bool(credit))
        for label in (self.picture_credit, self.credit_label):
            label.setFont(metrics.font(base, CREDIT_PX))
        body = self.exhibit.body  # type: ignore[union-attr]
        look = TextLook(metrics, colors, base, BODY_PX, rtl)
        render_markdown(self.body.document(), context.text(body), look)
        self.inline_pictures.load()
        if self.inline_pictures.alt_texts:
            self.body.setAccessibleDescription(
                bidi.join([say("text_area_desc", context.language), *self.inline_pictures.alt_texts]))
        self.related_heading.setText(say("related", context.language))
        self.related_heading.setFont(metrics.font(base, HEADING_PX * 0.8, QFont.Weight.DemiBold))
        manifest = context.bundle.manifest
        for link in self.related_links:
            found = manifest.find(link.ref)
            if found is not None:
                section, target = found
                link.set_texts(context.text(section.title), context.text(target.title), rtl)
                link.setAccessibleDescription(say("related_desc", context.language,
                                                       section=context.text(section.title)))
            link.section.setFont(metrics.font(base, CREDIT_PX))
            link.title.setFont(metrics.font(base, BODY_PX * 1.1, QFont.Weight.DemiBold))
            link.arrow.setFont(metrics.font(base, BODY_PX * 1.3))
            pad = metrics.px(28)
            link.row.setContentsMargins(pad, round(pad * 0.75), pad, round(pad * 0.75))
        style = self._css()
        if style != self.styleSheet():  # setting it re-polishes every child: only when it changed
            self.setStyleSheet(style)
        self._set_spacing()
        self._fit_column()

    def _css(self) -> str:
        colors, metrics = self.colors, self.metrics
        radius = metrics.px(14)
        return (
            f"QScrollArea, QWidget#page {{ background: {css(colors.ground)}; }}"
            f"QLabel {{ color: {css(colors.text)}; background: transparent; }}"
            f"QTextBrowser {{ color: {css(colors.text)}; background: transparent; }}"
            + scrollbar_css(colors, metrics.px(10))
            + f"RelatedLink {{ background: {css(colors.surface)}; border: none; border-radius: {radius}px;"
            f" text-align: left; }}"
            f"RelatedLink:pressed {{ background: {css(colors.pressed)}; }}"
            f"RelatedLink QLabel {{ color: {css(colors.text)}; }}"
            f"RelatedLink QLabel#arrow {{ color: {css(colors.accent)}; }}"
        ) + (
            f"QLabel#muted {{ color: {css(colors.muted)}; }}"
        )

    def _set_spacing(self) -> None:
        metrics = self.metrics
        layout = self._column_layout
        layout.setContentsMargins(0, metrics.px(MARGIN_PX), 0, metrics.px(MARGIN_PX * 2))
        layout.setSpacing(metrics.px(24))
        if self.picture is not None:
            self.picture.set_max_height(round(self.height() * 0.5) or metrics.px(480))

    def _fit_column(self) -> None:
        body_font = self.metrics.font(self.font(), BODY_PX)
        character = QFontMetricsF(body_font).horizontalAdvance(_MEASURE) / len(_MEASURE)
        available = self.area.viewport().width() - 2 * self.metrics.px(MARGIN_PX)
        self.column.setFixedWidth(max(200, min(available, round(character * COLUMN_CHARACTERS))))

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self._fit_column()
        if self.picture is not None:
            self.picture.set_max_height(round(self.height() * 0.5))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if watched is self.area.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_column()
        return False

    # Behaviour ----------------------------------------------------------------------

    def _on_link(self, url: QUrl) -> None:
        target = url.toString()
        if REF_SYNTAX.matches(target) and self.context.bundle.manifest.find(target) is not None:
            self.open_ref.emit(target)
        else:
            log.info("exhibit '%s': ignored a link to %s (the kiosk has no browser)", self.exhibit.id, target)

    def _on_picture_failed(self, path: str, reason: str) -> None:
        log.warning("exhibit '%s' cannot show its picture %s: %s", self.exhibit.id, path, reason)
        if self.picture is not None:
            self.picture.hide()
            self.picture_credit.hide()
