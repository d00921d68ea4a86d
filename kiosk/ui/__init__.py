"""The Qt layer: everything drawn or played. It depends on the Qt-free core, never the reverse."""
