"""`kiosk captions FILE`: the cues the kiosk will show from a WebVTT or SubRip file.

A curator checks a caption file here before it goes into a bundle: every cue with its times,
identifier, speaker and text, read by the same parser the player uses, and the file's
problems by line on stderr. `--json` gives the cues as a browser's VTTCue exposes them (the
text exactly as in the file), for scripts and for comparing with other tools.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

from kiosk.bundle.webvtt import timestamp
from kiosk.commands.common import fail


def cmd_captions(args: argparse.Namespace) -> int:
    from kiosk.bundle.captions import SUFFIXES, is_srt, read_captions
    from kiosk.bundle.cuetext import first_voice

    path: Path = args.file
    if path.suffix.lower() not in SUFFIXES:
        print(f"kiosk captions: error: '{path}' is neither .vtt (WebVTT) nor .srt (SubRip)", file=sys.stderr)
        return 2
    try:
        cues, problems = read_captions(path)
    except OSError as error:
        return fail(f"cannot read '{path}': {error.strerror or error}")
    if args.json:
        document = {
            "file": str(path),
            "format": "subrip" if is_srt(path) else "webvtt",
            "cues": [{"id": cue.id, "start": cue.start, "end": cue.end, "text": cue.text,
                      "voice": first_voice(cue.text), "settings": dataclasses.asdict(cue.settings)}
                     for cue in cues],
            "problems": [{"line": p.line, "message": p.message, "hint": p.hint} for p in problems],
        }
        print(json.dumps(document, indent=2, ensure_ascii=False))
    else:
        for cue in cues:
            heading = f"{timestamp(cue.start)} --> {timestamp(cue.end)}"
            if cue.id:
                heading += f"  #{cue.id}"
            voice = first_voice(cue.text)
            if voice:
                heading += f"  ({voice})"
            print(heading)
            for line in cue.text.split("\n"):
                print(f"    {line}")
            print()
    for problem in problems:
        print(f"{path}:{problem.line}: {problem.message}" + (f" ({problem.hint})" if problem.hint else ""),
              file=sys.stderr)
    count = len(cues)
    print(f"{path}: {count} cue{'s' * (count != 1)}, {len(problems)} problem{'s' * (len(problems) != 1)}",
          file=sys.stderr)
    return 1 if problems else 0
