"""The exhibit bundle's manifest, format 1, declared once.

Everything a curator can write in `exhibition.yaml` is a field below. The loader, the
JSON Schema (`kiosk schema`) and the reference in `exhibits/FORMAT.md` derive from it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, Literal, get_args, get_type_hints

from kiosk.bundle.declare import (
    COLOR,
    SLUG,
    CaptionFiles,
    ExhibitRef,
    InterfaceWords,
    MediaFile,
    SoundFiles,
    Text,
)
from kiosk.declare.rules import LANGUAGE, NonEmpty, Positive, key

FORMAT_VERSION = 1

Slug = Annotated[str, SLUG]
Color = Annotated[str, COLOR]
Language = Annotated[str, LANGUAGE]
Seconds = Annotated[float, Positive(maximum=86_400)]
DwellSeconds = Annotated[float, Positive(maximum=600)]
Ref = Annotated[str, ExhibitRef()]
ImageFile = Annotated[str, MediaFile(("image",))]
AudioFile = Annotated[str, MediaFile(("audio",))]
VideoFile = Annotated[str, MediaFile(("video",))]
FontFile = Annotated[str, MediaFile(("font",))]
Captions = Annotated[CaptionFiles, MediaFile(("captions",))]
Narration = Annotated[SoundFiles, MediaFile(("audio",))]


def _narration() -> Any:
    """The `narration` key, declared once for every type whose words can be read aloud."""
    return key(
        "A recording of its text read aloud: one sound file per language, as a map from language to path. "
        "Read aloud plays it instead of the kiosk's machine voice.",
        None,
        example={"en": "narration/intro.en.ogg", "fr": "narration/intro.fr.ogg"},
    )


def _narration_captions() -> Any:
    return key(
        "Timed captions of the narration, shown while it plays: a WebVTT or SubRip file per language.",
        None,
        example={"en": "narration/intro.en.vtt", "fr": "narration/intro.fr.vtt"},
    )


@dataclass(frozen=True, kw_only=True)
class Theme:
    """Colours, typeface and logo of the bundle."""

    background: Color = key("Colour of the ground behind everything.", "#15171C")
    foreground: Color = key("Colour of text on the background.", "#F3F1EC")
    accent: Color = key("Colour of highlights: the selected item, progress, links.", "#E2B04A")
    font: FontFile | None = key("A .ttf or .otf file in the bundle for all its text.", None)
    fonts: tuple[FontFile, ...] = key(
        "More .ttf or .otf files, for scripts the kiosk's own fonts lack; each character is taken from "
        "`font`, then these in order, then the kiosk's fonts.",
        (),
        example=["fonts/NotoSansDevanagari-Regular.ttf"],
    )
    logo: ImageFile | None = key("An image shown on the home screen beside the title.", None)


@dataclass(frozen=True, kw_only=True)
class Attract:
    """The loop shown while nobody is at the kiosk."""

    exhibits: tuple[Ref, ...] = key(
        "Exhibits the loop shows, as 'section-id/exhibit-id'. Empty: the section covers.",
        (),
        example=["art/flow-fields"],
    )
    dwell: DwellSeconds = key("Seconds each item stays on screen.", 8.0)


@dataclass(frozen=True, kw_only=True)
class GalleryImage:
    """One picture of a gallery."""

    file: ImageFile = key("The picture.", example="media/art/dawn.jpg")
    caption: Text | None = key("Shown beneath the picture.", None)
    alt: Text | None = key("What the picture shows, for people who cannot see it.", None)
    credit: Text | None = key("Who made it, in the form 'Photo: NAME / AGENCY'.", None)


@dataclass(frozen=True)
class ShownPicture:
    """A picture an exhibit shows, with the words that go with it.

    `owner` is where it sits below the exhibit's own key ("" for the exhibit itself,
    "images[2]" for a gallery's third picture) and `key` the key naming its file.
    """

    owner: str
    key: str
    file: str | None
    alt: Text | None
    caption: Text | None
    credit: Text | None


@dataclass(frozen=True, kw_only=True)
class ExhibitBase:
    """What every exhibit has; each type says below what it shows, so that tiles, the attract
    loop, prefetching, read aloud and the checks ask the exhibit instead of testing its type."""

    id: Slug = key("Unique within its section; used in references.", example="dawn")
    title: Text = key("Shown above the exhibit and on its tile.")
    credit: Text | None = key("Who made it, in the form 'Photo: NAME / AGENCY'.", None)
    duration: Seconds | None = key(
        "Seconds the tour stays on it (a gallery: on each picture; audio and video: at most, if they last longer). "
        "Default: the device's setting for its type; audio and video play to their end.",
        None,
    )

    def media_file(self) -> str | None:
        """The file without which the exhibit cannot be shown at all, if it has one."""
        return None

    def pictures(self) -> tuple[ShownPicture, ...]:
        """The pictures it shows, in order; the first stands for the exhibit (on its tile, in
        the attract loop). A slot the curator left empty is there with `file` None."""
        return ()

    def _picture(self, key: str, file: str | None, alt: Text | None, caption: Text | None = None) -> ShownPicture:
        return ShownPicture("", key, file, alt, caption, self.credit)


@dataclass(frozen=True, kw_only=True)
class TextExhibit(ExhibitBase):
    """A page of text."""

    type: Literal["text"] = key("The exhibit's type.")
    body: Text = key("The text, in Markdown.")
    narration: Narration | None = _narration()
    narration_captions: Captions | None = _narration_captions()


@dataclass(frozen=True, kw_only=True)
class ImageExhibit(ExhibitBase):
    """One picture, shown large; visitors can zoom into it."""

    type: Literal["image"] = key("The exhibit's type.")
    file: ImageFile = key("The picture.", example="media/art/dawn.jpg")
    caption: Text | None = key("Shown beneath the picture.", None)
    alt: Text | None = key("What the picture shows, for people who cannot see it.", None)
    narration: Narration | None = _narration()
    narration_captions: Captions | None = _narration_captions()

    def media_file(self) -> str | None:
        return self.file

    def pictures(self) -> tuple[ShownPicture, ...]:
        return (self._picture("file", self.file, self.alt, self.caption),)


@dataclass(frozen=True, kw_only=True)
class GalleryExhibit(ExhibitBase):
    """Several pictures that visitors swipe through."""

    type: Literal["gallery"] = key("The exhibit's type.")
    images: Annotated[tuple[GalleryImage, ...], NonEmpty("image")] = key("The pictures, in order.")
    narration: Narration | None = _narration()
    narration_captions: Captions | None = _narration_captions()

    def pictures(self) -> tuple[ShownPicture, ...]:
        return tuple(ShownPicture(f"images[{i}]", "file", image.file, image.alt, image.caption, image.credit)
                     for i, image in enumerate(self.images))


@dataclass(frozen=True, kw_only=True)
class AudioExhibit(ExhibitBase):
    """A piece of sound with its cover, transcript and captions."""

    type: Literal["audio"] = key("The exhibit's type.")
    file: AudioFile = key("The sound file.", example="media/music/canon.ogg")
    cover: ImageFile | None = key("A picture shown while it plays.", None)
    alt: Text | None = key("What the cover shows, for people who cannot see it.", None)
    transcript: Text | None = key("Everything it says or plays, in Markdown.", None)
    captions: Captions | None = key("Timed captions: a WebVTT or SubRip file, or one per language.", None)

    def media_file(self) -> str | None:
        return self.file

    def pictures(self) -> tuple[ShownPicture, ...]:
        return (self._picture("cover", self.cover, self.alt),)


@dataclass(frozen=True, kw_only=True)
class VideoExhibit(ExhibitBase):
    """A film with its poster, captions and transcript."""

    type: Literal["video"] = key("The exhibit's type.")
    file: VideoFile = key("The film.", example="media/video/studio.mp4")
    poster: ImageFile | None = key("A picture shown before it plays.", None)
    alt: Text | None = key("What the poster shows, for people who cannot see it.", None)
    captions: Captions | None = key("Timed captions: a WebVTT or SubRip file, or one per language.", None)
    transcript: Text | None = key("Everything it says or shows, in Markdown.", None)

    def media_file(self) -> str | None:
        return self.file

    def pictures(self) -> tuple[ShownPicture, ...]:
        return (self._picture("poster", self.poster, self.alt),)


@dataclass(frozen=True, kw_only=True)
class ArticleExhibit(ExhibitBase):
    """A longer text with a picture and links to related exhibits."""

    type: Literal["article"] = key("The exhibit's type.")
    body: Text = key("The text, in Markdown.")
    image: ImageFile | None = key("A picture shown at the top.", None)
    alt: Text | None = key("What the picture shows, for people who cannot see it.", None)
    related: tuple[Ref, ...] = key(
        "Exhibits to read next, as 'section-id/exhibit-id'.", (), example=["art/dawn"]
    )
    narration: Narration | None = _narration()
    narration_captions: Captions | None = _narration_captions()

    def pictures(self) -> tuple[ShownPicture, ...]:
        return (self._picture("image", self.image, self.alt),)


NARRATED = (TextExhibit, ImageExhibit, GalleryExhibit, ArticleExhibit)
"""The exhibit types whose words a visitor can have read aloud (sound and film speak for themselves)."""

PAGES = (TextExhibit, ArticleExhibit)
"""The exhibit types whose `body` is a page of Markdown."""

TIMED = (AudioExhibit, VideoExhibit)
"""Sound and film: they play to their end, with captions and a transcript."""

Exhibit = TextExhibit | ImageExhibit | GalleryExhibit | AudioExhibit | VideoExhibit | ArticleExhibit
EXHIBIT_TYPES: dict[str, type[ExhibitBase]] = {
    get_args(get_type_hints(cls)["type"])[0]: cls for cls in get_args(Exhibit)
}
"""Each exhibit type by the name curators write as its `type`, in the order of `Exhibit`."""


@dataclass(frozen=True, kw_only=True)
class Section:
    """A part of the exhibition, shown as a tile on the home screen."""

    id: Slug = key("Unique in the bundle; used in references.", example="art")
    title: Text = key("Shown on its tile and at the top of its screens.")
    summary: Text | None = key("One or two sentences under the title.", None)
    cover: ImageFile | None = key("The picture on its tile.", None)
    alt: Text | None = key("What the cover shows, for people who cannot see it.", None)
    exhibits: Annotated[tuple[Exhibit, ...], NonEmpty("exhibit")] = key("Its exhibits, in order.")


@dataclass(frozen=True, kw_only=True)
class Manifest:
    """`exhibition.yaml`, the bundle's manifest."""

    format: int = key("The format version. This kiosk reads format 1.", example=1)
    id: Slug = key("The bundle's id; the store keeps versions under it.", example="ai-and-ip")
    version: str | None = key("The bundle's own version, such as '2026.11'.", None)
    title: Text = key("The exhibition's title.")
    subtitle: Text | None = key("A line under the title.", None)
    description: Text | None = key("A paragraph on the home screen.", None)
    languages: Annotated[tuple[Language, ...], NonEmpty("language")] = key(
        "Languages visitors can choose, as BCP 47 codes. The first is the default.",
        ("en",),
        example=["en", "fr", "ar"],
    )
    theme: Theme = key("Colours, typeface and logo.", Theme())
    attract: Attract = key("The loop shown while nobody is at the kiosk.", Attract())
    interface: InterfaceWords | None = key(
        "The kiosk's own words (buttons, 'Touch to begin', counts) in the bundle's languages, added to or "
        "replacing the kiosk's: a map from language code to {key: text}; a count takes {CLDR category: text}. "
        "See 'Interface words'.",
        None,
        example={"he": {"touch_to_begin": "געו כדי להתחיל"}},
    )
    sections: Annotated[tuple[Section, ...], NonEmpty("section")] = key("The exhibition's parts.")

    @property
    def default_language(self) -> str:
        return self.languages[0]

    def exhibits(self) -> Iterator[tuple[Section, Exhibit]]:
        for section in self.sections:
            for exhibit in section.exhibits:
                yield section, exhibit

    def find(self, ref: str) -> tuple[Section, Exhibit] | None:
        """The section and exhibit a `section-id/exhibit-id` reference names."""
        section_id, _, exhibit_id = ref.partition("/")
        for section in self.sections:
            if section.id == section_id:
                for exhibit in section.exhibits:
                    if exhibit.id == exhibit_id:
                        return section, exhibit
        return None
