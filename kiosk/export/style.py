"""The site's stylesheet, from the bundle's theme, with its contrast checked.

The kiosk's colours become the site's: the background behind everything, text in the
foreground colour, links and the focus ring in the accent. Text must stand out at WCAG's
4.5:1. Where the theme falls short, the export says so (the curator fixes the theme) and the
site uses the nearest colour that passes, so a published page never fails its visitors: text
in white or black, whichever stands out more; links in the text colour (still underlined) when
the accent is too faint for text. The focus ring is the accent if it has 3:1, else the text
colour. The bundle's typefaces (`theme.font`, `theme.fonts`) come first, as on the kiosk.
Qt-free.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.bundle.colour import contrast_ratio, luminance
from kiosk.bundle.model import Theme

TEXT_RATIO = 4.5
OUTLINE_RATIO = 3.0


@dataclass(frozen=True)
class Palette:
    background: str
    text: str
    link: str
    accent: str
    card: str
    dark: bool


def _mix(first: str, second: str, amount: float) -> str:
    a = [int(first[i : i + 2], 16) for i in (1, 3, 5)]
    b = [int(second[i : i + 2], 16) for i in (1, 3, 5)]
    return "#" + "".join(f"{round(x + (y - x) * amount):02X}" for x, y in zip(a, b, strict=True))


def palette(theme: Theme) -> tuple[Palette, list[str]]:
    """The colours the site uses, and a warning for each theme colour that falls short."""
    warnings = []
    background = theme.background.upper()
    text = theme.foreground.upper()
    ratio = contrast_ratio(text, background)
    if ratio < TEXT_RATIO:
        text = max(("#FFFFFF", "#000000"), key=lambda colour: contrast_ratio(colour, background))
        warnings.append(f"theme.foreground {theme.foreground} on theme.background {theme.background} has a contrast "
                        f"of {ratio:.2f}:1, under {TEXT_RATIO}:1; the site's text uses {text} instead (make the "
                        "colours lighter or darker until they stand apart)")
    link = theme.accent.upper()
    accent_ratio = contrast_ratio(link, background)
    if accent_ratio < TEXT_RATIO:
        warnings.append(f"theme.accent {theme.accent} on theme.background {theme.background} has a contrast of "
                        f"{accent_ratio:.2f}:1, under {TEXT_RATIO}:1 for the links' text; the site's links use the "
                        f"text colour {text}, underlined")
        link = text
    accent = theme.accent.upper() if accent_ratio >= OUTLINE_RATIO else text
    card = _mix(background, text, 0.07)
    if min(contrast_ratio(text, card), contrast_ratio(link, card)) < TEXT_RATIO:
        card = background
    return Palette(background, text, link, accent, card, luminance(background) < 0.2), warnings


FAMILIES = ('system-ui,"Noto Sans","Noto Sans Arabic","Noto Sans Hebrew","Noto Sans CJK JP","Noto Sans CJK SC",'
            "sans-serif")


def stylesheet(colours: Palette, fonts: Sequence[str] = ()) -> str:
    """The whole stylesheet: the palette, the bundle's typefaces, then the rules every page shares.

    `fonts` are the URLs (from the stylesheet) of the stylesheets that carry the bundle's
    `theme.font` and `theme.fonts` (kiosk.export.fonts), in that order, which is the order the
    kiosk takes characters from them; the visitor's own fonts come after, for any character
    they lack. They are imported, so no page has to name them."""
    scheme = "dark" if colours.dark else "light"
    faces = "".join(f'@import url("{url}");\n' for url in fonts)
    families = "".join(f'"Exhibit {index}",' for index in range(1, len(fonts) + 1))
    head = (f"{faces}:root{{--bg:{colours.background};--fg:{colours.text};--link:{colours.link};"
            f"--accent:{colours.accent};--card:{colours.card};color-scheme:{scheme}}}\n"
            f"html{{font-family:{families}{FAMILIES}}}\n")
    return head + RULES


RULES = """\
*,*::before,*::after{box-sizing:border-box}
html{background:var(--bg);color:var(--fg);line-height:1.6;-webkit-text-size-adjust:100%}
body{margin:0;font-size:1.125rem}
a{color:var(--link);text-underline-offset:.15em}
:focus-visible{outline:3px solid var(--accent);outline-offset:3px}
img{max-width:100%;height:auto}
.skip{position:absolute;inset-inline-start:1rem;top:-20rem;z-index:10;background:var(--fg);color:var(--bg);\
padding:.6rem 1rem;border-radius:.25rem}
.skip:focus{top:1rem}
.bar{display:flex;flex-wrap:wrap;gap:.75rem 2rem;align-items:center;justify-content:space-between;\
padding:1rem clamp(1rem,4vw,3rem);border-bottom:1px solid var(--card)}
.brand{display:flex;gap:.75rem;align-items:center;color:var(--fg);text-decoration:none;font-weight:600;\
font-size:1.15rem}
.brand img{height:2.75rem;width:auto}
.languages{display:flex;flex-wrap:wrap;gap:.25rem;list-style:none;margin:0;padding:0}
.languages a{display:inline-block;min-height:44px;padding:.45rem .7rem;border-bottom:3px solid transparent}
.languages a[aria-current]{color:var(--fg);text-decoration:none;border-bottom-color:var(--accent)}
main{display:block;max-width:75rem;margin:0 auto;padding:1.25rem clamp(1rem,4vw,3rem) 3rem}
.crumbs ol{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;margin:0 0 1rem;padding:0}
.crumbs li+li::before{content:"/";margin-inline-end:.5rem}
h1{font-size:clamp(1.9rem,4vw,2.9rem);line-height:1.2;margin:.25rem 0 .75rem}
h2{font-size:1.6rem;line-height:1.25;margin:2rem 0 .75rem}
h3{font-size:1.3rem;margin:1.5rem 0 .5rem}
.lede{font-size:1.3rem;margin:0 0 1rem}
.intro{max-width:46rem}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(17rem,1fr));gap:1.25rem;list-style:none;\
margin:1.5rem 0 0;padding:0}
.card{position:relative;background:var(--card);border-radius:.5rem;overflow:hidden;display:flex;flex-direction:column}
.card img{display:block;width:100%;aspect-ratio:16/10;object-fit:cover}
.card h2{font-size:1.3rem;margin:.8rem 1rem .3rem}
.card a{color:var(--fg);text-decoration:none}
.card a::after{content:"";position:absolute;inset:0}
.card a:focus-visible{outline:none}
.card:focus-within{outline:3px solid var(--accent);outline-offset:3px}
.card:hover h2{text-decoration:underline}
.card p{margin:0 1rem 1rem}
.badge{display:inline-block;margin:0 1rem .4rem;font-size:.95rem;font-weight:600}
.exhibit{max-width:60rem}
.prose{max-width:44rem}
.prose img{display:block;margin:1rem 0;max-height:70vh;width:auto}
figure{margin:0 0 1.5rem}
figcaption{margin-top:.6rem}
.credit{margin:.25rem 0 0;font-size:1rem}
.picture{display:block;width:fit-content;max-width:100%}
.picture img{display:block;max-height:75vh;width:auto}
.hint{font-size:1rem;margin:.4rem 0 0}
.gallery{list-style:none;margin:0;padding:0;display:grid;gap:2rem}
.player{display:block;width:100%;max-height:75vh}
video.player{background:#000}
.sound-captions{min-height:3.5em;margin:.75rem 0 0;padding:.5rem 1rem;background:#000;color:#fff;\
font-size:1.3rem;text-align:center;white-space:pre-line}
.sound-captions:empty{visibility:hidden}
.narration{display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1rem;margin:0 0 1.5rem}
.narration audio{flex:1 1 18rem}
.cover{display:block;max-height:50vh;width:auto;margin-bottom:1rem}
.transcript{max-width:44rem;margin-top:2rem}
.pager{display:flex;flex-wrap:wrap;justify-content:space-between;gap:1rem;margin-top:3rem;padding:0;list-style:none}
.pager a{display:inline-block;min-height:44px;padding:.5rem 0}
.related ul{padding-inline-start:1.25rem}
.credits dt{font-weight:600;margin-top:.75rem}
.credits dd{margin-inline-start:0}
footer{border-top:1px solid var(--card);padding:1.5rem clamp(1rem,4vw,3rem);max-width:75rem;margin:0 auto}
.choose{list-style:none;padding:0;display:grid;gap:1rem;grid-template-columns:repeat(auto-fill,minmax(16rem,1fr))}
.choose a{display:block;padding:1rem;background:var(--card);border-radius:.5rem;color:var(--fg)}
.choose span{display:block;font-size:1.4rem;font-weight:600}
.zoom{width:100vw;height:100vh;max-width:none;max-height:none;margin:0;padding:0;border:0;background:#000;color:#fff}
.zoom::backdrop{background:#000}
.zoom .stage{position:absolute;inset:0;overflow:hidden;touch-action:none;cursor:grab}
.zoom .stage img{position:absolute;left:0;top:0;max-width:none;max-height:none;transform-origin:0 0;user-select:none}
.zoom .tools{position:absolute;top:.75rem;inset-inline-end:.75rem;display:flex;gap:.5rem;z-index:1}
.zoom button{min-width:48px;min-height:48px;font-size:1.4rem;background:#000;color:#fff;border:2px solid #fff;\
border-radius:.35rem;cursor:pointer}
.zoom button:focus-visible{outline:3px solid #FFD60A;outline-offset:2px}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
@media (prefers-reduced-motion:no-preference){html{scroll-behavior:smooth}.card img{transition:transform .2s}\
.card:hover img{transform:scale(1.03)}}
@media (prefers-reduced-motion:reduce){*,*::before,*::after{animation:none!important;transition:none!important;\
scroll-behavior:auto!important}}
@media (forced-colors:active){.card,.choose a{border:1px solid CanvasText}}
@media print{.bar nav,.skip,.pager,.zoom{display:none}}
"""
