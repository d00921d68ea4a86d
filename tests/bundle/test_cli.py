"""`kiosk validate` and `kiosk schema` as a curator runs them: output and exit status."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.bundle.jsonschema import manifest_schema
from kiosk.bundle.reference import END, START, reference_markdown
from kiosk.cli import main
from tests.bundle.conftest import MANIFEST, BundleMaker
from tests.conftest import REPO


def test_valid_bundle_exits_0(make_bundle: BundleMaker, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_bundle()
    assert main(["validate", str(root)]) == 0
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"{root}: valid, 0 errors, 0 warnings\n"


def test_invalid_bundle_exits_1_with_every_finding(make_bundle: BundleMaker, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_bundle(MANIFEST.replace("id: sample", "id: Sample").replace("type: gallery", "type: galery"))
    assert main(["validate", str(root)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{root}/exhibition.yaml:2:5: error: id: 'Sample' is not a valid id (use lowercase letters, digits and "
        "hyphens, starting with a letter or digit, for example 'sample')",
        f"{root}/exhibition.yaml:19:15: error: sections[0].exhibits[1].type: unknown exhibit type 'galery' "
        "(did you mean 'gallery'? types are: text, image, gallery, audio, video, article)",
        f"{root}/media/one.jpg: warning: nothing in the manifest refers to this file "
        "(refer to it from exhibition.yaml, or remove it)",
        f"{root}/media/two.png: warning: nothing in the manifest refers to this file "
        "(refer to it from exhibition.yaml, or remove it)",
    ]
    assert err == f"{root}: invalid, 2 errors, 2 warnings\n"


def test_strict_turns_warnings_into_errors(make_bundle: BundleMaker, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_bundle(files={"media/extra.png": b"\x89PNG\r\n\x1a\n"})
    assert main(["validate", str(root)]) == 0
    assert main(["validate", "--strict", str(root)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == (f"{root}/media/extra.png: error: nothing in the manifest refers to this file "
                       "(refer to it from exhibition.yaml, or remove it)")


def test_json_output(make_bundle: BundleMaker, capsys: pytest.CaptureFixture[str]) -> None:
    good = make_bundle(name="good")
    bad = make_bundle(MANIFEST.replace("format: 1", "format: 7"), name="bad")
    assert main(["validate", "--json", str(good), str(bad)]) == 1
    document = json.loads(capsys.readouterr().out)
    assert [(d["bundle"], d["valid"], d["errors"]) for d in document] == [(str(good), True, 0), (str(bad), False, 1)]
    assert document[1]["findings"] == [{
        "severity": "error", "file": f"{bad}/exhibition.yaml", "line": 1, "column": 9, "key": "format",
        "message": "this bundle needs a newer kiosk (it is format 7; this kiosk reads format 1)",
        "hint": "update the kiosk software, or ask for the bundle in format 1"}]


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["validate"])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", "--frobnicate", "x"])
    assert exit_info.value.code == 2
    assert "unrecognized arguments: --frobnicate" in capsys.readouterr().err


def test_no_traceback_reaches_the_user_from_the_real_command(tmp_path: Path) -> None:
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK\x05\x06" + bytes(range(256)) * 4)
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "exhibition.yaml").write_bytes(b"\xfe\xff\x00t\x00i")
    result = subprocess.run([sys.executable, "-m", "kiosk", "validate", str(junk), str(folder), str(tmp_path / "none")],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert f"{junk}: error: not a readable zip archive" in result.stdout
    assert f"{tmp_path / 'none'}: error: no such file or folder" in result.stdout


def test_the_committed_schema_is_the_generated_one() -> None:
    committed = json.loads((REPO / "exhibits" / "exhibition.schema.json").read_text(encoding="utf-8"))
    assert committed == manifest_schema(), "run: kiosk schema > exhibits/exhibition.schema.json"


def test_format_md_carries_the_generated_reference() -> None:
    text = (REPO / "exhibits" / "FORMAT.md").read_text(encoding="utf-8")
    start, end = text.index(START), text.index(END) + len(END)
    assert text[start:end] == reference_markdown(), \
        "regenerate the reference in exhibits/FORMAT.md with: kiosk schema --format markdown"


def test_the_schema_accepts_the_sample_and_refuses_mistakes(make_bundle: BundleMaker) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    validator = jsonschema.Draft202012Validator(manifest_schema())
    sample = yaml.safe_load((REPO / "exhibits" / "ai-and-ip" / "exhibition.yaml").read_text(encoding="utf-8"))
    assert list(validator.iter_errors(sample)) == []
    assert list(validator.iter_errors(yaml.safe_load(MANIFEST))) == []
    for old, new in [("type: image", "type: imag"), ("file: media/dawn.jpg", "file: ../dawn.jpg"),
                     ("languages: [en, fr]", "langs: [en, fr]"), ("id: sample", "id: Sample")]:
        assert list(validator.iter_errors(yaml.safe_load(MANIFEST.replace(old, new)))), new


def test_the_sample_exhibition_passes_strict_validation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--strict", str(REPO / "exhibits" / "ai-and-ip")]) == 0, capsys.readouterr().out


# -- what a curator reads first ---------------------------------------------------------------

# A third language nobody has written yet (twelve texts, four alt texts, one caption map lack
# it), and one real mistake at the end of the manifest.
CHINESE_AND_A_TYPO = MANIFEST.replace("languages: [en, fr]", "languages: [en, fr, zh]").replace(
    "related: [art/dawn]", "related: [art/dusk]")
TYPO = ("exhibition.yaml:44:19: error: sections[0].exhibits[5].related[0]: 'art/dusk' refers to no exhibit "
        "(did you mean 'art/tune'?)")


def no_text(line: int, column: int, key: str, name: str = "title") -> str:
    return (f"exhibition.yaml:{line}:{column}: {{}}: {key}: no text in 'zh' "
            f"(add 'zh:' under '{name}'; until then visitors who choose it read 'en')")


def test_errors_come_first_and_a_repeated_warning_is_summed_up(make_bundle: BundleMaker,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    root = make_bundle(CHINESE_AND_A_TYPO)
    assert main(["validate", str(root)]) == 1
    out, err = capsys.readouterr()
    shown = [line.removeprefix(f"{root}/") for line in out.splitlines()]
    assert shown[:5] == [
        TYPO,
        no_text(4, 8, "title").format("warning"),
        no_text(10, 12, "sections[0].title").format("warning"),
        no_text(15, 16, "sections[0].exhibits[0].title").format("warning"),
        "… and 8 more warnings like this: no text in 'zh'",
    ]
    # Four of a kind are all shown: summing up one would hide as much as it saves.
    assert sum("no 'alt' text in 'zh'" in line for line in shown) == 4
    assert len(shown) == 10
    assert err == f"{root}: invalid, 1 error, 16 warnings\n"

    assert main(["validate", "--all", str(root)]) == 1
    every = capsys.readouterr().out.splitlines()
    assert len(every) == 17
    assert every[0] == f"{root}/{TYPO}"
    assert not any(line.startswith("…") for line in every)


def test_strict_shows_and_counts_warnings_as_errors_alike(make_bundle: BundleMaker,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    root = make_bundle(CHINESE_AND_A_TYPO)
    assert main(["validate", "--strict", str(root)]) == 1
    out, err = capsys.readouterr()
    shown = [line.removeprefix(f"{root}/") for line in out.splitlines()]
    assert shown[:5] == [
        TYPO,
        no_text(4, 8, "title").format("error"),
        no_text(10, 12, "sections[0].title").format("error"),
        no_text(15, 16, "sections[0].exhibits[0].title").format("error"),
        "… and 8 more errors like this: no text in 'zh'",
    ]
    assert err == f"{root}: invalid, 17 errors, 0 warnings\n"

    assert main(["validate", "--json", "--strict", str(root)]) == 1
    (document,) = json.loads(capsys.readouterr().out)
    severities = [finding["severity"] for finding in document["findings"]]
    assert (document["valid"], document["errors"], document["warnings"]) == (False, 17, 0)
    assert severities == ["error"] * 17
    assert document["findings"][0]["message"] == "'art/dusk' refers to no exhibit"


def test_json_lists_every_finding_errors_first(make_bundle: BundleMaker, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_bundle(CHINESE_AND_A_TYPO)
    assert main(["validate", "--json", str(root)]) == 1
    (document,) = json.loads(capsys.readouterr().out)
    severities = [finding["severity"] for finding in document["findings"]]
    assert severities == ["error"] + ["warning"] * 16
    assert (document["errors"], document["warnings"]) == (1, 16)
    lines = [finding["line"] for finding in document["findings"][1:]]
    assert lines == sorted(lines)


def test_a_clean_strict_run_counts_nothing(make_bundle: BundleMaker, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_bundle()
    assert main(["validate", "--json", "--strict", str(root)]) == 0
    (document,) = json.loads(capsys.readouterr().out)
    assert (document["valid"], document["errors"], document["warnings"], document["findings"]) == (True, 0, 0, [])
