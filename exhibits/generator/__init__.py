"""The generator of the sample bundle `exhibits/ai-and-ip`: its manifest, captions and media.

Run it with `python exhibits/generate_ai_and_ip.py` (see `cli.py` for the options).

- `layout.yaml` and `texts/<language>.yaml`: the manifest's structure and its words;
  `manifest.py` joins them into `exhibition.yaml`, `cues.py` writes the WebVTT captions.
- `tasks.py`: one task per group of media, built from `colour`, `fields`, `flow`,
  `reaction`, `mosaic`, `chart`, `landscape`, `drawings` (pictures), `music` and `synth`
  (sound), `films` (the two animations) and `encode` (ffmpeg).

Only the media need numpy and ffmpeg; the texts part needs PyYAML alone.
"""
