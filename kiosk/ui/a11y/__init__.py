"""Accessibility across the player: the menu every visitor can open, focus for the keyboard,
and the audit that tests (and curators' previews) run over every screen.

    slot.py        where a screen's top bar keeps room for the menu's button
    menu.py        the button, and the menu kept in step with the player's events
    panel.py       the menu's panel: text size, contrast, captions, volume, language, transcript
    transcript.py  the words of the sound or film on screen, as text to read
    readaloud.py   the exhibit on screen read aloud: its recording, else a machine voice
    speech.py      the machine voice, on a thread of its own so that the interface never waits
    reading_bar.py the strip that shows what is being read, with Stop
    focus.py       tab order in reading order (mirrored for right-to-left), and the focus ring
    audit.py       what a screen offers assistive technology: names, sizes, text that does not fit

This package stays import-light (`slot` is imported by the shared widgets).
"""
