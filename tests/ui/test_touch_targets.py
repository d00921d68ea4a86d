"""Touch targets at 1920x1080: every control of every screen is at least 44x44 px (WCAG 2.5.5),
and the kiosk's own floor is 64 px (its smallest controls, a gallery's arrows and a media
player's toggles, are drawn at 64 px; everything else at 96 px or more)."""

from __future__ import annotations

import pytest

from kiosk.play.player import TEXT_SCALES
from kiosk.ui.a11y.audit import Control, controls
from tests.ui.conftest import MEDIA_NOISE
from tests.ui.conftest_a11y import walk

pytest_plugins = [f"{__package__}.conftest_a11y"]
pytestmark = [MEDIA_NOISE, pytest.mark.usefixtures("quiet_decoder")]

WCAG_MINIMUM = 44
KIOSK_FLOOR = 64


@pytest.mark.parametrize("text_scale", [min(TEXT_SCALES), max(TEXT_SCALES)])
def test_every_control_is_a_large_touch_target(make_kiosk, sample_bundle, text_scale: float) -> None:
    kiosk = make_kiosk(size=(1920, 1080), bundle=sample_bundle, windowed=True)
    kiosk.player.change_settings(text_scale=text_scale)
    found: list[tuple[int, str, Control]] = []
    for place, root in walk(kiosk):
        found += [(min(control.rect.width(), control.rect.height()), place, control) for control in controls(root)]
    assert len(found) > 100
    too_small = [f"{place}: {control}" for side, place, control in found if side < WCAG_MINIMUM]
    assert not too_small, "controls under 44 px:\n" + "\n".join(too_small)
    smallest = min(found, key=lambda item: item[0])
    print(f"smallest of {len(found)} controls at text size {text_scale:.0%}: {smallest[0]} px, {smallest[2]}")
    assert smallest[0] >= KIOSK_FLOOR, f"{smallest[1]}: {smallest[2]}"
    button = kiosk.window.access.button
    assert min(button.width(), button.height()) >= KIOSK_FLOOR, "the menu's button is easy to hit"
