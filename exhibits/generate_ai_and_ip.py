#!/usr/bin/env python3
"""Write the sample bundle ``exhibits/ai-and-ip``: its manifest, captions and media.

The bundle reproduces the structure of WIPO's online exhibition on artificial
intelligence and intellectual property (September 2020 to March 2021). Its
subject is machines that create, so its media are honestly machine-made:
generative artworks, algorithmic music and two short animations, all from fixed
seeds. Its words are in ``generator/texts/<language>.yaml``, its structure in
``generator/layout.yaml``; the code is the package ``generator/`` beside this file.

    python exhibits/generate_ai_and_ip.py               # everything
    python exhibits/generate_ai_and_ip.py --only texts  # the manifest and captions
    python exhibits/generate_ai_and_ip.py --help        # the other options
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))  # the kiosk, whose Read aloud the narration follows

from generator.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
