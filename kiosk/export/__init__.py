"""The exhibition as a static website: `kiosk export-web BUNDLE -o SITE`.

Museums publish their exhibitions on the web after they close, and archive viewers open them
from a USB stick years later. So the site is plain files that work from `file://` and from any
static host: a page per home, section and exhibit in every language of the bundle, relative
links everywhere, nothing loaded from the network (a Content-Security-Policy says so), no
cookies and no analytics. The same bundle gives byte-identical files, so a site can be checked
into version control or compared with the one published before.

Qt-free: what needs Qt (decoding pictures for their web sizes, the interface's words and the
languages' own names from CLDR) is handed in by the command through the ports in `ports.py`
(kiosk.ui.web_export implements them).

    ports     what the export asks of the outside: words, language names, picture renditions
    layout    where every page and file of the site goes, and relative links between them
    markdown  bodies and transcripts as HTML, pictures and headings fitted to the page
    captions  every caption file as WebVTT (SubRip converted), and its twin script for file://
    style     the stylesheet from the theme, and its contrast checked
    fonts     the bundle's typefaces, each inside a stylesheet as a data: address
    script    the small JavaScript: pan and zoom, captions for sound and from file://
    files     pictures at their web sizes and caption files, each made once
    pages     what every page shares: head, language switch, breadcrumbs, footer
    builder   the pages: home, sections, every exhibit type, credits
    site      the export itself: reading and checking the bundle, then writing the site, and its sizes
    writer    a folder or a zip, written deterministically

The package itself imports none of its modules, so a module importing a sibling through it
(`from kiosk.export import layout`) makes no cycle; the export is `kiosk.export.site`.
"""
