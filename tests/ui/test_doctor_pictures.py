"""`kiosk doctor` decodes pictures as the kiosk does: TIFFs (8- and 16-bit, the first page of
several), colour-managed, and refuses calmly what the kiosk would refuse."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QColorSpace

from kiosk.commands.doctor import diagnose
from kiosk.system.doctor import Status
from kiosk.ui import doctor_media
from kiosk.ui.doctor_media import Verdict, decode_image
from tests.ui.pictures import flat, save, tiff_pages

MANIFEST = """\
format: 1
id: masters
version: "1"
title: {en: Masters}
languages: [en]
sections:
  - id: all
    title: {en: Everything}
    cover: media/cover.tiff
    alt: {en: A red field}
    exhibits:
      - {id: deep, type: image, title: {en: Deep}, file: media/deep.tif, alt: {en: A green field}}
      - {id: pages, type: image, title: {en: Pages}, file: media/pages.tif, alt: {en: A red field}}
"""


@pytest.fixture
def masters(tmp_path: Path) -> Path:
    media = tmp_path / "masters" / "media"
    media.mkdir(parents=True)
    save(flat((120, 80), (200, 30, 30)), media / "cover.tiff")
    save(flat((300, 200), (40, 170, 70), bits=16), media / "deep.tif", QColorSpace(QColorSpace.NamedColorSpace.AdobeRgb))
    tiff_pages(media / "pages.tif", [((90, 60), (200, 30, 30)), ((10, 10), (0, 0, 255))])
    (tmp_path / "masters" / "exhibition.yaml").write_text(MANIFEST, encoding="utf-8")
    return tmp_path / "masters"


def test_tiffs_decode(qapp: object, masters: Path) -> None:
    with doctor_media.qt_messages_logged():
        verdicts = {name: decode_image(masters / "media" / name) for name in ("cover.tiff", "deep.tif", "pages.tif")}
    assert verdicts == {"cover.tiff": Verdict(Status.OK, "120x80"), "deep.tif": Verdict(Status.OK, "300x200"),
                        "pages.tif": Verdict(Status.OK, "90x60")}


def test_a_cut_tiff_fails(qapp: object, masters: Path) -> None:
    whole = (masters / "media" / "deep.tif").read_bytes()
    cut = masters / "media" / "cut.tif"
    cut.write_bytes(whole[: len(whole) // 3])
    with doctor_media.qt_messages_logged():
        verdict = decode_image(cut)
    assert verdict.status is Status.FAIL, verdict


def test_a_tiff_too_large_for_the_kiosk_fails(qapp: object, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doctor_media, "WHOLE_DECODE_LIMIT_MB", 2)
    big = save(flat((1000, 600), (40, 170, 70), bits=16), tmp_path / "big.tif")
    assert decode_image(big) == Verdict(Status.FAIL, "too large for the kiosk to decode (5 MB decoded; at most 2 MB)")


def test_the_doctor_passes_a_bundle_of_tiffs(qapp: object, masters: Path) -> None:
    checks = diagnose(masters)
    found = {check.name: check for check in checks}
    assert found["bundle"].status is Status.OK
    assert found["media"].status is Status.OK
    assert found["media"].detail.startswith("3 pictures, 0 sound file(s), 0 film(s) decoded in ")
