"""Moving between screens without a black gap: the old screen, grabbed, fades over the new.

Before the stack switches, the outgoing frame (copied from the window's backing store,
which holds exactly what is on screen) is laid over the stack; the new screen is shown
beneath it at once (so input reaches it at once), and the picture fades out, sliding a
little in the direction of a swipe.
Nothing is ever drawn black: the grabbed frame covers every moment of the switch.

The answer to a tap shows in the very first frame: the fade starts a step in (`FIRST_STEP`
of the new screen shows through) and is eased out, fast first and gentle last. Eased in, its
first frames were the old screen unchanged: a visitor (and a camera) saw nothing happen for
the first 30-40 ms of the fade.
"""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QPointF, Qt, QVariantAnimation, Signal
from PySide6.QtGui import QImage, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

MAX_DURATION_MS = 300
FIRST_STEP = 0.12


class CrossFade(QWidget):
    """An overlay that shows the outgoing frame fading out. Clicks pass through it."""

    finished = Signal()

    def __init__(self, parent: QWidget, duration_ms: int = 260) -> None:
        super().__init__(parent)
        self.duration_ms = min(duration_ms, MAX_DURATION_MS)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._frame = QImage()
        self._progress = 1.0
        self._direction = 0
        self._animation = QVariantAnimation(self)
        self._animation.setStartValue(FIRST_STEP)
        self._animation.setEndValue(1.0)
        self._animation.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._animation.valueChanged.connect(self._step)
        self._animation.finished.connect(self._done)
        self.hide()

    @property
    def running(self) -> bool:
        return self.isVisible()

    def start(self, frame: QImage, direction: int = 0) -> None:
        """Fade `frame` out over whatever is beneath; `direction` ±1 slides it aside too."""
        self._animation.stop()
        if self.duration_ms <= 0 or frame.isNull():
            self._done()
            return
        self._frame = frame
        self._direction = direction
        self._progress = FIRST_STEP
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.show()
        self.raise_()
        self._animation.setDuration(self.duration_ms)
        self._animation.start()

    def stop(self) -> None:
        self._animation.stop()
        self._done()

    def _step(self, value: object) -> None:
        self._progress = float(value)  # type: ignore[arg-type]
        self.update()

    def _done(self) -> None:
        self._frame = QImage()
        self.hide()
        self.finished.emit()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        if self._frame.isNull():
            return
        painter = QPainter(self)
        painter.setOpacity(1.0 - self._progress)
        painter.drawImage(QPointF(self.slide_offset(), 0), self._frame)

    def slide_offset(self) -> float:
        """How far the old frame has slid: away from where the next exhibit comes from, which
        is the right in left-to-right languages and the left in right-to-left ones."""
        reading = -1 if self.layoutDirection() == Qt.LayoutDirection.RightToLeft else 1
        return -self._direction * reading * self._progress * self.width() * 0.25
