"""Declaring a file's keys once, and reading YAML against the declaration.

The ground floor beneath the manifest (`kiosk.bundle`) and the device settings
(`kiosk.settings`): `nodes` reads YAML into nodes that know their line and column, `rules`
is the vocabulary a declaration is written in (`key()`, patterns, ranges, the language tag),
and `reader` walks nodes against a declaration, collecting every problem. It imports
nothing of the kiosk above it.
"""
