"""The Qt layer: everything drawn or played. It depends on the Qt-free core, never the reverse."""

from kiosk.ui.nonefix import make_singletons_immortal

make_singletons_immortal()
