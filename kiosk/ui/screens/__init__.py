"""One module per screen of the player: attract, home, section, exhibit, search, still-there."""
