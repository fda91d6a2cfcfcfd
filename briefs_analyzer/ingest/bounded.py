"""Markup counted while it streams, before any tree of it is built (issue 23).

A .docx or a web page can be small on disk and enormous as a tree: a 460 KB .docx unpacked to
300 MB of empty paragraphs and took 16 GB to read.  Before python-docx or lxml builds a tree, the
readers check it here: a Word package's unpacked size from its zip directory, then its XML parts,
and a page's HTML, streamed with lxml's ``iterparse``, counting elements and text and letting each
element go once counted, so no tree over the :class:`~briefs_analyzer.limits.Limits` is ever held.
Each check raises :class:`~briefs_analyzer.limits.LimitExceeded`, whose message names the limit.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator

from lxml import etree

from briefs_analyzer.limits import Limits, human_size, over, too_many

El = etree._Element

_W_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"  # a Word run's text
_NOT_TEXT = frozenset(("script", "style", "template"))  # HTML elements whose text is not read


def count_streamed(
    events: Iterator[tuple[str, El]],
    limits: Limits,
    kind: str,
    text_of: Callable[[El], int],
    counted: tuple[int, int] = (0, 0),
) -> tuple[int, int]:
    """Count the elements and characters of text (``text_of``) of streamed ``end`` events, on top of
    ``counted``; raise as soon as either passes its limit.  Returns (elements, characters)."""
    elements, chars = counted
    for _event, el in events:
        elements += 1
        chars += text_of(el)
        if elements > limits.max_elements:
            raise too_many(f"{kind} elements", elements, limits.max_elements, "max_elements", exact=False)
        if chars > limits.max_chars:
            raise too_many("characters of text", chars, limits.max_chars, "max_chars", exact=False)
        el.clear()  # its tail too (keep_tail is False by default)
        parent = el.getparent()
        while parent is not None and el.getprevious() is not None:
            del parent[0]
    return elements, chars


def _word_text(el: El) -> int:
    return len(el.text or "") if el.tag == _W_T else 0


def check_package(archive: zipfile.ZipFile, limits: Limits) -> None:
    """A Word package within the limits: its unpacked size from the zip directory, then its XML parts
    streamed.  The sizes in the directory cannot lie: ``zipfile`` stops a member at its stated size
    (and its CRC then fails), so what python-docx reads is at most what was counted here."""
    infos = archive.infolist()
    unpacked = sum(info.file_size for info in infos)
    if unpacked > limits.max_file_size:
        raise over(f"the document unpacks to {human_size(unpacked)}", human_size(limits.max_file_size), "max_file_size")
    counted = (0, 0)
    for info in infos:
        if not info.filename.lower().endswith((".xml", ".rels")):
            continue
        with archive.open(info) as member:
            events = etree.iterparse(
                member, events=("end",), resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
            )
            counted = count_streamed(events, limits, "XML", _word_text, counted)


def _page_text(el: El) -> int:
    own = len(el.text or "") if isinstance(el.tag, str) and el.tag.lower() not in _NOT_TEXT else 0
    return own + len(el.tail or "")


def check_page(page: bytes, limits: Limits) -> None:
    """A web page (UTF-8 bytes) within the limits, streamed.  Markup no tree can be made of is left
    to the parse that follows, which says so."""
    try:
        count_streamed(
            etree.iterparse(io.BytesIO(page), events=("end",), html=True, no_network=True), limits, "HTML", _page_text
        )
    except etree.XMLSyntaxError:
        return
