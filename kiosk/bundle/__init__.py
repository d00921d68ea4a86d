"""The exhibit bundle: its format, reading it from folders and zips, and validating it.

Qt-free: the player, the store and the command line all build on this layer.
"""
