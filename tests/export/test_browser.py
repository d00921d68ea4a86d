"""The exported sample in headless Chromium: a visitor's path over `file://`, and axe-core.

Debian's `chromium` is driven by puppeteer-core, with axe-core, both installed from the
package.json and package-lock.json beside `browser/visit.mjs` (`.ci/run` runs `npm ci` there
and installs chromium and Node). The test skips only where chromium or Node is missing, and
says which; anything else that goes wrong fails it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from kiosk.bundle.source import open_source
from kiosk.bundle.validate import check_source
from kiosk.paths import sample_bundle

HERE = Path(__file__).parent / "browser"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
NODE = shutil.which("node")
# Chromium refuses a <track> from file:// before the site's script hands it the same captions as
# a blob: address; that first refusal is logged, and is the only console error allowed.
ALLOWED_ERROR = "Unsafe attempt to load URL file:"

pytestmark = [
    pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)"),
    pytest.mark.skipif(NODE is None, reason="Node.js is not installed (apt-get install nodejs npm)"),
]


def _node_modules() -> None:
    if (HERE / "node_modules" / "puppeteer-core").is_dir() and (HERE / "node_modules" / "axe-core").is_dir():
        return
    npm = shutil.which("npm")
    assert npm is not None, "npm is needed to install puppeteer-core and axe-core (apt-get install npm)"
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"], cwd=HERE, check=True,
                   capture_output=True, timeout=600)


@pytest.fixture(scope="module")
def visit(tmp_path_factory: pytest.TempPathFactory, small_site: tuple[Path, object]) -> dict:
    from tests.export.conftest import exporter

    _node_modules()
    site = tmp_path_factory.mktemp("web") / "site"
    exporter(sample_bundle(), site)
    with open_source(sample_bundle()) as source:
        manifest, _ = check_source(source, advice=False)
    assert manifest is not None
    first: dict[str, str] = {}
    for section, exhibit in manifest.exhibits():
        first.setdefault(exhibit.type, f"en/{section.id}/{exhibit.id}.html")
    assert set(first) == {"text", "image", "gallery", "audio", "video", "article"}
    arabic = first["video"].replace("en/", "ar/", 1)
    plan = {"chromium": CHROMIUM, "profile": str(tmp_path_factory.mktemp("profile")), "site": str(site),
            "audit": ["index.html", "en/index.html", f"en/{manifest.sections[0].id}/index.html", *first.values(),
                      "en/credits.html", arabic, "ar/index.html"],
            "image": first["image"], "film": first["video"], "sound": first["audio"],
            "fonts": str(small_site[0] / "en/index.html")}
    plan_file = site.parent / "plan.json"
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    done = subprocess.run([NODE, str(HERE / "visit.mjs"), str(plan_file)], capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    report["plan"] = plan
    return report


def test_a_visitor_goes_home_to_a_section_to_an_exhibit_and_changes_language(visit: dict) -> None:
    path = visit["path"]
    pages = [step.get("page") for step in path[:5]]
    assert pages == ["index.html", "en/index.html", "en/introduction/index.html", "en/introduction/welcome.html",
                     "fr/introduction/welcome.html"]
    assert [(step["lang"], step["dir"]) for step in path[:5]] == [("en", "ltr")] * 4 + [("fr", "ltr")]
    assert path[3]["h1"] == "Machines that create"
    assert path[4]["h1"] == "Des machines qui créent"
    assert path[5] == {"focus": "skip"}, "the first Tab reaches the skip link"


def test_nothing_leaves_file_urls_and_no_script_fails(visit: dict) -> None:
    assert visit["outside"] == []
    assert [error for error in visit["errors"] if ALLOWED_ERROR not in error] == []


def test_a_film_opened_from_file_shows_captions_in_the_visitors_language(visit: dict) -> None:
    tracks = visit["tracks"]
    assert [track["language"] for track in tracks] == ["en", "fr", "ar", "es", "zh", "ru"]
    showing = [track for track in tracks if track["mode"] == "showing"]
    assert len(showing) == 1
    assert showing[0]["language"] == "en"
    assert showing[0]["cues"] > 0


def test_a_sound_opened_from_file_shows_its_captions_under_the_player(visit: dict) -> None:
    sound = visit["sound"]
    assert sound["cue"]
    assert sound["shown"] == sound["cue"]


def test_the_zoom_view_works_by_keyboard_and_gives_focus_back(visit: dict) -> None:
    zoom = visit["zoom"]
    assert zoom["before"] != zoom["after"]
    assert "scale(" in zoom["after"]
    assert zoom["focus"] == "picture"


def test_the_bundles_own_typeface_applies_from_file_urls(visit: dict) -> None:
    assert visit["fonts"] == [{"family": "Exhibit 1", "status": "loaded"}]


def test_axe_finds_no_serious_or_critical_violation(visit: dict) -> None:
    audited = visit["axe"]
    assert set(audited) == set(visit["plan"]["audit"])
    serious = {page: [f"{v['id']} ({v['impact']}): {v['help']} {v['nodes']}" for v in violations
                      if v["impact"] in ("serious", "critical")]
               for page, violations in audited.items()}
    assert serious == {page: [] for page in audited}
