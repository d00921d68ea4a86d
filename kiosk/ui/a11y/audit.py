"""What a screen offers assistive technology, and whether its text fits: the checks the
accessibility tests run over every screen (and a preview could run over a bundle).

    controls(root)       every control a visitor can touch, tab to or have read out, with the
                         name and description a screen reader gets (through QAccessible)
    clipped_labels(root) labels whose text needs more room than they were given
    squeezed(root)       widgets given less room than their minimum (a button's word cut)
    overflowing(root)    widgets that stick out of their parent or the window

A control is anything shown that takes keyboard focus, has an interactive accessible role
(button, check box, slider, editable text…), or is a class of ours that handles presses or
keys itself (a gallery's pager, a video's picture). Scroll bars are not counted: they are
part of their scroll area, never take focus here, and touch scrolls the content itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QLabel, QScrollBar, QSizePolicy, QWidget

from kiosk.ui.a11y.focus import layout_widgets

INTERACTIVE_ROLES = frozenset({
    QAccessible.Role.Button, QAccessible.Role.CheckBox, QAccessible.Role.RadioButton, QAccessible.Role.Slider,
    QAccessible.Role.EditableText, QAccessible.Role.ComboBox, QAccessible.Role.SpinBox, QAccessible.Role.Link,
    QAccessible.Role.PageTab, QAccessible.Role.MenuItem, QAccessible.Role.Dial, QAccessible.Role.Switch,
    QAccessible.Role.ButtonMenu, QAccessible.Role.ListItem,
})
_INPUT_HANDLERS = ("mousePressEvent", "mouseReleaseEvent", "keyPressEvent", "touchEvent")


@dataclass(frozen=True)
class Control:
    widget: QWidget
    role: QAccessible.Role
    name: str
    description: str
    rect: QRect
    """Where it is, in the window's coordinates."""

    def __str__(self) -> str:
        return (f"{type(self.widget).__name__} ({self.role.name}) {self.rect.width()}x{self.rect.height()}"
                f" at {self.rect.x()},{self.rect.y()} name={self.name!r} description={self.description!r}")


def handles_input(widget: QWidget) -> bool:
    """Whether one of our own classes in `widget`'s ancestry reacts to presses or keys."""
    for cls in type(widget).__mro__:
        if cls.__module__.startswith(("PySide6", "shiboken6", "builtins")):
            continue
        if any(name in vars(cls) for name in _INPUT_HANDLERS):
            return True
    return False


def shown(widget: QWidget) -> bool:
    """On screen: itself, every ancestor and the window shown."""
    return widget.isVisible()


def is_interactive(widget: QWidget) -> bool:
    if isinstance(widget, QScrollBar) or widget.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents):
        return False
    if widget.focusPolicy() != Qt.FocusPolicy.NoFocus or handles_input(widget):
        return True
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface is not None and interface.role() in INTERACTIVE_ROLES


def controls(root: QWidget) -> list[Control]:
    """Every shown control under `root` (and `root` itself), as assistive technology sees it."""
    window = root.window()
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not shown(widget) or not is_interactive(widget):
            continue
        interface = QAccessible.queryAccessibleInterface(widget)
        if interface is None:
            continue
        rect = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
        found.append(Control(widget, interface.role(), interface.text(QAccessible.Text.Name).strip(),
                             interface.text(QAccessible.Text.Description).strip(), rect))
    return found


def clipped_labels(root: QWidget) -> list[str]:
    """Labels (not deliberately elided ones) whose text needs more room than they have."""
    problems = []
    for widget in [root, *root.findChildren(QLabel)]:
        if not isinstance(widget, QLabel) or not shown(widget) or not widget.text().strip():
            continue
        if widget.property("elided"):
            continue
        area = widget.contentsRect()
        if widget.wordWrap():
            needed_h = widget.heightForWidth(widget.width())
            longest = max((widget.fontMetrics().horizontalAdvance(word) for word in widget.text().split()), default=0)
            if needed_h > widget.height() + 1 or longest > area.width() + 1:
                problems.append(f"{_describe(widget)}: needs {longest} px wide / {needed_h} px high,"
                                f" has {widget.width()}x{widget.height()}")
        else:
            hint = widget.sizeHint()
            if hint.width() > widget.width() + 1 or hint.height() > widget.height() + 1:
                problems.append(f"{_describe(widget)}: needs {hint.width()}x{hint.height()},"
                                f" has {widget.width()}x{widget.height()}")
    return problems


def squeezed(root: QWidget) -> list[str]:
    """Shown controls and labels given less room than their minimum (their words or drawing are cut).

    Only widgets without a layout of their own are measured: a container's minimum is Qt's
    estimate from its children's (word-wrapped labels counted at a narrow width), and any
    real shortage shows in a child, which is measured itself, or sticks out (`overflowing`).
    """
    problems = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not shown(widget) or widget.isWindow() or widget.parentWidget() is None or widget.layout() is not None:
            continue
        if not _laid_out(widget):
            continue  # placed by hand (a poster over its video): its own code sizes it
        need = minimum_size(widget)
        if need.width() > widget.width() + 1 or need.height() > widget.height() + 1:
            problems.append(f"{_describe(widget)} needs at least {need.width()}x{need.height()},"
                            f" has {widget.width()}x{widget.height()}")
    return problems


def minimum_size(widget: QWidget) -> QSize:
    """The least room a layout may give `widget` (Qt's rule, qSmartMinSize, restated), with a
    height-for-width widget's height taken at the width it has."""
    policy = widget.sizePolicy()
    hint, least = widget.sizeHint(), widget.minimumSizeHint()
    explicit = widget.minimumSize()

    def side(policy_part: QSizePolicy.Policy, hint_side: int, least_side: int, explicit_side: int) -> int:
        if explicit_side > 0:
            return explicit_side
        if policy_part == QSizePolicy.Policy.Ignored:
            return 0
        shrinks = bool(policy_part.value & QSizePolicy.PolicyFlag.ShrinkFlag.value)
        value = least_side if shrinks else hint_side
        return max(0, value)

    width = side(policy.horizontalPolicy(), hint.width(), least.width(), explicit.width())
    if widget.hasHeightForWidth():
        height = max(explicit.height(), widget.heightForWidth(widget.width()))
    else:
        height = side(policy.verticalPolicy(), hint.height(), least.height(), explicit.height())
    return QSize(width, height)


def overflowing(root: QWidget, allowed: tuple[type[QWidget], ...] = ()) -> list[str]:
    """Shown widgets that stick out of their parent, or out of the window.

    Content scrolled in a scroll area, and the children of `allowed` containers (a gallery's
    pager keeps its neighbouring pages beside it, off screen), are meant to.
    """
    window = root.window()
    problems = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not shown(widget) or widget.isWindow():
            continue
        parent = widget.parentWidget()
        if parent is None or _is_viewport(parent) or any(isinstance(a, allowed) for a in _ancestors(widget)):
            continue
        if not parent.rect().adjusted(-1, -1, 1, 1).contains(widget.geometry()):
            problems.append(f"{_describe(widget)} at {_rect(widget.geometry())} sticks out of"
                            f" {_describe(parent)} ({parent.width()}x{parent.height()})")
        on_window = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
        if not _scrolled(widget) and not window.rect().adjusted(-1, -1, 1, 1).contains(on_window):
            problems.append(f"{_describe(widget)} at {_rect(on_window)} sticks out of the window")
    return problems


def _laid_out(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    layout = parent.layout() if parent is not None else None
    return layout is not None and any(item is widget for item in layout_widgets(layout))


def _ancestors(widget: QWidget) -> list[QWidget]:
    found = []
    parent = widget.parentWidget()
    while parent is not None:
        found.append(parent)
        parent = parent.parentWidget()
    return found


def _is_viewport(widget: QWidget) -> bool:
    area = widget.parentWidget()
    return isinstance(area, QAbstractScrollArea) and area.viewport() is widget


def _scrolled(widget: QWidget) -> bool:
    """Inside a scroll area's content, where being beyond the window only means scrolled away."""
    return any(_is_viewport(ancestor) for ancestor in _ancestors(widget))


def _rect(rect: QRect) -> str:
    return f"{rect.x()},{rect.y()} {rect.width()}x{rect.height()}"


def _describe(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, (QLabel, QAbstractButton)) else ""
    text = text or widget.accessibleName()
    text = text if len(text) <= 40 else text[:39] + "…"
    return f"{type(widget).__name__}{f' {text!r}' if text else ''}"
