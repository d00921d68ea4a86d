"""Measures kiosk/bundle/webvtt.py against the web-platform-tests WebVTT file-parsing cases.

Usage: python tests/conformance/wpt_webvtt.py WPT_DIR

WPT_DIR holds the cases as web-platform-tests keeps them under webvtt/parsing/file-parsing/
(they are not part of this repository; copy them from there):
  support/NAME.test   a title, HTML metadata, a blank line, the JavaScript assertions, a line
                      '===', then the WebVTT file with escapes (\\r, \\x00, \\uFFFD, and a
                      backslash before a line feed to join two lines)
  tests/NAME.html with tests/support/NAME.vtt   the generated form (used when no .test exists)
  invalid/*.vtt       files a browser refuses (bad signature): no cues may come out

Each file is parsed by our parser; its cues are handed to the original assertions, run by
Node.js with a minimal stand-in for testharness.js (assert_equals compares like Object.is).
A case passes when all its assertions hold. Cases that inspect style sheets (document.
styleSheets) are reported as not applicable: the kiosk does not expose CSS. Prints a line per
case and the totals; exits 0 when every applicable case passes, 1 otherwise.

Not collected by pytest (its name does not start with test_); needs `node` on PATH.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kiosk.bundle.captions import decode
from kiosk.bundle.webvtt import Cue, Region, parse_file

_ESCAPE = re.compile(r"\\(\n|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[rntfv0\\])")
_SIMPLE = {"r": "\r", "n": "\n", "t": "\t", "f": "\f", "v": "\v", "0": "\0", "\\": "\\", "\n": ""}

HARNESS = """
const data = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const regionObjects = data.regions;
const cues = data.cues.map(c => Object.assign({}, c, {region: c.region === null ? null : regionObjects[c.region]}));
let passed = 0;
const failures = [];
const show = v => { try { return JSON.stringify(v); } catch (e) { return String(v); } };
function check(ok, text) { if (ok) { passed++; } else { failures.push(text); } }
function assert_equals(a, b, m) { check(Object.is(a, b), `${m || ''} got ${show(a)}, expected ${show(b)}`); }
function assert_not_equals(a, b, m) { check(!Object.is(a, b), `${m || ''} got ${show(a)}, expected something else`); }
function assert_true(a, m) { check(a === true, `${m || ''} expected true`); }
function assert_false(a, m) { check(a === false, `${m || ''} expected false`); }
try {
%s
} catch (error) { failures.push('exception: ' + error.message); }
process.stdout.write(JSON.stringify({passed, failures}));
"""


@dataclass
class Case:
    name: str
    javascript: str
    data: bytes


def unescape(text: str) -> str:
    """The .test escapes, as web-platform-tests' generator expands them."""
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code in _SIMPLE:
            return _SIMPLE[code]
        return chr(int(code[1:], 16))
    return _ESCAPE.sub(one, text)


def load_cases(root: Path) -> list[Case]:
    cases: dict[str, Case] = {}
    for path in sorted((root / "support").glob("*.test")):
        source = path.read_text(encoding="utf-8")
        _header, body = source.split("\n\n", 1)
        javascript, escaped = body.split("===\n", 1)
        cases[path.stem] = Case(path.stem, javascript, unescape(escaped).encode("utf-8"))
    for path in sorted((root / "tests").glob("*.html")):
        vtt = root / "tests" / "support" / f"{path.stem}.vtt"
        if path.stem in cases or not vtt.exists():
            continue
        html = path.read_text(encoding="utf-8")
        found = re.search(r"var cues = video\.textTracks\[0\]\.cues;\s*\{(.*?)\n    \}\n    this\.done", html, re.S)
        if found:
            cases[path.stem] = Case(path.stem, found.group(1), vtt.read_bytes())
    return list(cases.values())


def as_javascript(cues: list[Cue], regions: list[Region]) -> dict[str, object]:
    """Our cues and regions with the names and values of the browser's VTTCue and VTTRegion."""
    def region_index(region_id: str) -> int | None:
        indices = [index for index, region in enumerate(regions) if region.id == region_id]
        return indices[-1] if region_id and indices else None
    return {
        "regions": [{"id": r.id, "width": r.width, "lines": r.lines, "regionAnchorX": r.region_anchor[0],
                     "regionAnchorY": r.region_anchor[1], "viewportAnchorX": r.viewport_anchor[0],
                     "viewportAnchorY": r.viewport_anchor[1], "scroll": r.scroll} for r in regions],
        "cues": [{"id": c.id, "startTime": c.start, "endTime": c.end, "text": c.text,
                  "vertical": c.settings.vertical,
                  "line": "auto" if c.settings.line is None else c.settings.line,
                  "snapToLines": c.settings.snap_to_lines, "lineAlign": c.settings.line_align,
                  "position": "auto" if c.settings.position is None else c.settings.position,
                  "positionAlign": c.settings.position_align, "size": c.settings.size,
                  "align": c.settings.align, "region": region_index(c.settings.region)} for c in cues],
    }


def run_case(case: Case, node: str) -> tuple[bool, int, list[str]]:
    text, _problems = decode(case.data)
    parsed = parse_file(text)
    payload = json.dumps(as_javascript(parsed.cues, parsed.regions))
    done = subprocess.run([node, "-e", HARNESS % case.javascript], input=payload, capture_output=True, text=True,
                          check=False, timeout=60)
    if done.returncode != 0:
        return False, 0, [done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "node failed"]
    result = json.loads(done.stdout)
    return not result["failures"], result["passed"], result["failures"]


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not Path(argv[1]).is_dir():
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        print("needs Node.js (node) on PATH to run the assertions", file=sys.stderr)
        return 2
    root = Path(argv[1])
    passed = failed = not_applicable = 0
    for case in load_cases(root):
        if "document." in case.javascript:
            not_applicable += 1
            print(f"n/a   {case.name} (checks style sheets, which the kiosk does not expose)")
            continue
        ok, assertions, failures = run_case(case, node)
        passed, failed = passed + ok, failed + (not ok)
        print(f"{'PASS' if ok else 'FAIL'}  {case.name} ({assertions} assertions hold"
              + ("" if ok else f"; {len(failures)} fail, first: {failures[0]}") + ")")
    for path in sorted((root / "invalid").glob("*.vtt")):
        text, _problems = decode(path.read_bytes())
        parsed = parse_file(text)
        ok = not parsed.cues and any("WEBVTT" in problem.message for problem in parsed.problems)
        passed, failed = passed + ok, failed + (not ok)
        print(f"{'PASS' if ok else 'FAIL'}  invalid/{path.name} (refused: {ok})")
    total = passed + failed
    rate = 100 * passed / total if total else 0.0
    print(f"\n{passed}/{total} cases pass ({rate:.1f}%); {not_applicable} not applicable")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
