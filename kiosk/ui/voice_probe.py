"""Which languages this machine's text-to-speech can speak, asked in a child process.

Loading a speech engine waits on its service: speech-dispatcher, stuck on a lost sound device,
never answers, and a process that asked it cannot even be stopped cleanly. The doctor therefore
asks from a child process with a deadline, and a service that does not answer in time is a
finding, not a hang.

    python -m kiosk.ui.voice_probe ENGINE LANGUAGE...   (ENGINE "" for Qt's default)

prints {"engine": ..., "voiced": [...], "error": ...} as JSON.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass

PROBE_SECONDS = 10.0


@dataclass(frozen=True)
class Voices:
    engine: str
    voiced: tuple[str, ...]
    error: str = ""


def probe(engine: str | None, languages: list[str], *, timeout: float = PROBE_SECONDS) -> Voices:
    """The engine's voices for `languages`, or an error naming why they are unknown."""
    command = [sys.executable, "-m", "kiosk.ui.voice_probe", engine or "", *languages]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)  # noqa: S603
    except subprocess.TimeoutExpired:
        return Voices(engine or "", (), f"the speech service did not answer within {timeout:.0f} s")
    except OSError as error:
        return Voices(engine or "", (), f"the speech service could not be asked: {error}")
    try:
        answer = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return Voices(engine or "", (), f"the speech probe failed (status {done.returncode})")
    return Voices(str(answer.get("engine", "")), tuple(answer.get("voiced", ())), str(answer.get("error", "")))


def main(argv: list[str]) -> int:
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtTextToSpeech import QTextToSpeech

    from kiosk.ui.a11y.speech import voice_locale

    engine, languages = argv[0], argv[1:]
    _app = QCoreApplication.instance() or QCoreApplication([])
    answer: dict[str, object] = {"engine": "", "voiced": [], "error": ""}
    if QTextToSpeech.availableEngines():
        speech = QTextToSpeech(engine, None) if engine else QTextToSpeech()
        answer["engine"] = speech.engine()
        if speech.state() == QTextToSpeech.State.Error:
            answer["error"] = speech.errorString()
        else:
            answer["voiced"] = [code for code in languages if voice_locale(speech, code) is not None]
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
