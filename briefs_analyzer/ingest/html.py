"""HTML briefs: the article text of a saved web page, its headings and its notes.

The page is parsed with lxml's HTML parser (never with regular expressions over markup), after
decoding it by its byte-order mark or ``<meta charset>`` (one that names no text encoding, such as
``base64``, is ignored with a warning), else as a text file is decoded (UTF-8, else cp1252).

* **Main text.**  The longest ``<article>``, else ``<main>``, else ``[role=main]``, else the body;
  inside it, scripts, styles, forms, navigation, asides, footers, headers (outside an article),
  hidden elements and elements whose class or id says navigation, menu, sidebar, footer,
  comments, sharing and the like are left out.  Paragraphs, list items, block quotes and table
  rows become blocks of lines (``<br>`` starts a new line); ``<h1>``-``<h6>`` become heading
  lines (the first ``<h1>``, when it opens the text, the title line).
* **Notes.**  A reference is a link to an element of the page (``href="#fn1"``, or
  ``aria-describedby`` for tooltip notes) printed as a number and set as a superscript or marked
  as a note reference by its class, id or target (pandoc's ``footnote-ref``, WordPress footnote
  plugins, ``sdfootnote1anc`` office exports, ``_ftnref1`` Word exports ...).  The note is the
  element the link targets (its enclosing list item or block when the target is an empty anchor
  or a number), wherever it stands on the page.  Notes lists (``<ol>``/``<div>`` classed
  footnotes/endnotes/notes, or the list under a Notes/Endnotes/Footnotes/References heading)
  add the notes nothing links to, and tie plain ``<sup>1</sup>`` references by number when the
  page has no linked ones.  A note's number is the number printed with it (its back-link or
  label, else its place in an ``<ol>``), else the reference's.  A reference takes the number of
  the note it links to; a printed number that differs is reported (BA105).  Back-links (``↩``)
  and labels are dropped from the note's text, and its italics are written ``*...*``.
* **Metadata.**  The opening lines give title, authors and date as in a text brief; the
  ``citation_title``/``og:title``/``<h1>``/``<title>``, ``citation_author`` and
  ``citation_publication_date``/``article:published_time`` meta tags fill in what they lack.

The reader hands the parser lines, as the PDF reader does: markers as superscript digits glued
to the text (``payloads¹``), notes after the body as ``¹ note text`` blocks.  ``Line.number``
is the line of the HTML source where the block starts, so problems point into the page source.
"""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

import lxml.html
from lxml import etree

from briefs_analyzer.ingest.bounded import check_page
from briefs_analyzer.ingest.document import (
    PROSE,
    BlockKind,
    Builder,
    Document,
    Run,
    lay_out,
    read_bytes,
)
from briefs_analyzer.ingest.text import decode_text, encoding_problems, split_lines
from briefs_analyzer.limits import DEFAULT_LIMITS, Limits
from briefs_analyzer.model import BriefError, Problem
from briefs_analyzer.patterns import unit_before
from briefs_analyzer.rules import NOT_UTF8

from .htmlmeta import page_metadata, page_title
from .htmlnotes import find_notes, note_text
from .htmltree import (
    ALWAYS_SKIP,
    BLOCK,
    HEADINGS,
    ITALIC,
    NOISE_ROLES,
    NOISE_WORDS,
    TO_SUPERSCRIPT,
    El,
    drop,
    hidden,
    sourceline,
    tag_of,
    text_of,
    words_of,
)

# --- decoding ------------------------------------------------------------------------------


_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_WHATWG_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252"}


def _declared_charset(data: bytes) -> tuple[str | None, str | None]:
    """The charset a ``<meta>`` declares (read with a parser that accepts any bytes), as a codec name;
    and, when the name is a codec but not a text encoding (``base64``, ``rot13``, ``hex``, ``zlib``:
    Python's bytes-to-bytes codecs), that name, which must not be used to decode the page."""
    try:
        root = lxml.html.document_fromstring(data[:65536], parser=lxml.html.HTMLParser(encoding="iso-8859-1"))
    except (etree.ParserError, ValueError):
        return None, None
    for meta in root.iter("meta"):
        charset = meta.get("charset")
        if not charset and (meta.get("http-equiv") or "").lower() == "content-type":
            content = meta.get("content") or ""
            for part in content.split(";"):
                key, _, value = part.partition("=")
                if key.strip().lower() == "charset":
                    charset = value
        if charset:
            name = charset.strip().strip("\"'").lower()
            name = _WHATWG_ALIASES.get(name, name)
            try:
                info = codecs.lookup(name)
            except LookupError:
                return None, None
            if not getattr(info, "_is_text_encoding", True):
                return None, charset.strip().strip("\"'")
            return info.name, None
    return None, None


def _decode(data: bytes) -> tuple[str, str, tuple[Problem, ...]]:
    """The page's text: by its byte-order mark, else its declared charset, else as a text file is
    decoded (:func:`~briefs_analyzer.ingest.text.decode_text`: UTF-8, stray bytes replaced, or a
    legacy encoding), with the BA002 warning that deserves."""
    declared, not_text = (None, None) if data.startswith(_BOMS) else _declared_charset(data)
    if declared:
        try:
            return data.decode(declared), declared, ()
        except (UnicodeDecodeError, LookupError):
            pass
    decoded = decode_text(data)
    problems = encoding_problems(decoded, split_lines(decoded.text))
    if not_text:
        problems = (NOT_UTF8.problem(template="charset", declared=not_text, encoding=decoded.encoding), *problems)
    return decoded.text, decoded.encoding, problems


# --- the main text -------------------------------------------------------------------------


def _container(root: El) -> El:
    articles = sorted(root.iter("article"), key=lambda a: len(text_of(a)), reverse=True)
    if articles and text_of(articles[0]):
        return articles[0]
    for el in (*root.iter("main"), *(e for e in root.iter() if (e.get("role") or "").lower() == "main")):
        if text_of(el):
            return el
    body = next(root.iter("body"), None)
    return body if body is not None else root


_PROSE_TAGS = {"li": "list_item", "blockquote": "quote", "dd": "paragraph", "dt": "paragraph"}
_OTHER_TAGS = {"figure": "figure", "figcaption": "caption", "caption": "caption", "table": "table", "pre": "paragraph"}


class _Walker:
    """Walks the article's elements into typed blocks: headings, paragraphs, list items, tables, figures."""

    def __init__(self, container: El, markers: dict[El, int]) -> None:
        self.container = container
        self.markers = markers
        self.size = len(text_of(container))
        self.in_article = tag_of(container) == "article" or any(
            tag_of(a) == "article" for a in container.iterancestors()
        )
        self.builder = Builder()
        self.lines: list[list[Run]] = [[]]
        self.number = sourceline(container) or 1
        self.kind: BlockKind = "paragraph"
        self.level = 0
        self.rows: list[list[str]] | None = None  # the cells of the table being walked
        self.titled = False

    def skip(self, el: El) -> bool:
        tag = tag_of(el)
        if tag in ALWAYS_SKIP or (tag == "header" and not self.in_article) or hidden(el):
            return True
        if (el.get("role") or "").lower() in NOISE_ROLES:
            return True
        words = {w.rstrip("0123456789") for w in words_of(el, "class", "id")}
        return bool(words & NOISE_WORDS) and len(text_of(el)) < 0.5 * self.size

    def flush(self) -> None:
        texts, marks, italics = lay_out(self.lines)
        self.lines = [[]]
        if not texts and not marks:
            return
        if self.kind in ("title", "heading"):
            texts = [" ".join(texts)]
        for text in texts or [""]:
            self.builder.line(text, self.number)
        self.builder.block(self.kind, marks=marks, level=self.level, italics=italics)

    def add(self, text: str | None) -> None:
        if text:
            self.lines[-1].append((text.replace("\u00a0", " "), False))

    def walk(self, el: El, italic: bool = False) -> None:
        if el in self.markers and not (tag_of(el) == "sup" and unit_before(self._tail())):
            self.lines[-1].append(self.markers[el])
            return
        tag = tag_of(el)
        if not tag or self.skip(el):
            return
        if tag == "br":
            self.lines.append([])
            return
        if tag == "table" and self.rows is None:
            self.table(el)
            return
        if tag == "sup" and (text := text_of(el)).isdigit() and unit_before(self._tail()):
            self.lines[-1].append((text.translate(TO_SUPERSCRIPT), italic))  # km²: an exponent, not a marker
            return
        heading = tag in HEADINGS
        block = heading or tag in BLOCK
        outer = (self.kind, self.level)
        if block:
            self.flush()
            self.number = sourceline(el) or self.number
            if heading:
                self.kind = "title" if tag == "h1" and not self.titled and not self.builder.blocks else "heading"
                self.titled = self.titled or self.kind == "title"
                self.level = int(tag[1])
            else:
                self.kind, self.level = _PROSE_TAGS.get(tag) or _OTHER_TAGS.get(tag) or outer[0], 0  # type: ignore[assignment]
                if self.kind in ("title", "heading"):
                    self.kind = "paragraph"
        inner = italic or tag in ITALIC
        if el.text:
            self.lines[-1].append((el.text.replace("\u00a0", " "), inner))
        for child in el:
            self.walk(child, inner)
            if child.tail:
                self.lines[-1].append((child.tail.replace("\u00a0", " "), inner))
        if block:
            self.flush()
            self.kind, self.level = outer

    def _tail(self, at_least: int = 16) -> str:
        """The end of the current line: its last runs, ``at_least`` characters of them where it has
        that many (enough for :func:`~briefs_analyzer.patterns.unit_before`; the whole line, joined
        for each superscript, made a long paragraph cost n²)."""
        parts: list[str] = []
        length = 0
        for r in reversed(self.lines[-1]):
            if isinstance(r, int):
                continue
            parts.append(r[0])
            length += len(r[0])
            if length >= at_least:
                break
        return "".join(reversed(parts))

    def table(self, el: El) -> None:
        """A table: its rows of cells, one block; markers in its cells still count."""
        self.flush()
        self.number = sourceline(el) or self.number
        rows: list[list[str]] = []
        runs: list[Run] = []
        for tr in el.iter("tr"):
            row = []
            for cell in tr:
                if tag_of(cell) not in ("td", "th") or self.skip(cell):
                    continue
                walker = _Walker(cell, self.markers)
                walker.rows = []
                walker.walk(cell)
                cell_runs = [r for line in walker.lines for r in line]
                row.append(" ".join("".join(r[0] for r in cell_runs if not isinstance(r, int)).split()))
                runs.extend([*cell_runs, (" ", False)])
            if row:
                rows.append(row)
        texts, marks, _ = lay_out([runs])
        for text in texts or [""]:
            self.builder.line(text, self.number)
        self.builder.block("table", marks=marks, cells=rows)


# --- the reader ----------------------------------------------------------------------------


def read_html(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read a saved web page into a :class:`Document`.  Raises :class:`BriefError` with a reason a person can act on."""
    data = read_bytes(path, limits)
    if not data.strip():
        raise BriefError("file is empty")
    text, encoding, problems = _decode(data)
    page = text.encode("utf-8")
    check_page(page, limits)
    try:
        root = lxml.html.document_fromstring(page, parser=lxml.html.HTMLParser(encoding="utf-8", remove_comments=False))
    except (etree.ParserError, ValueError) as exc:
        raise BriefError("no article text found in the HTML page") from exc
    comments = tuple(
        (" ".join(str(c.text or "").split()), sourceline(c) or 1) for c in root.iter(etree.Comment) if c.text
    )
    for comment in list(root.iter(etree.Comment)):
        drop(comment)
    container = _container(root)
    metadata, meta_problems = page_metadata(root, container)
    found = find_notes(root, container)
    markers: dict[El, int] = {}
    for ref in found.refs:
        note = next((n for n in found.notes if n.el is ref.note), None)
        number = note.number if note is not None else ref.printed
        if number is not None:
            markers[ref.wrapper] = number
    note_texts = [(n, *note_text(n, found.ref_anchors), sourceline(n.el) or 0) for n in found.notes]
    for el in found.remove:
        if el is not container:
            drop(el)
    walker = _Walker(container, markers)
    walker.walk(container)
    walker.flush()
    if not any(b.kind in PROSE for b in walker.builder.blocks):
        raise BriefError("no article text found in the HTML page")
    notes = [
        walker.builder.note(note.number, text, number, style="superscript", italics=italics)
        for note, text, italics, number in note_texts
        if text and note.number is not None
    ]
    return Document(
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        format="html",
        lines=tuple(walker.builder.lines),
        encoding=encoding,
        problems=(*problems, *found.problems, *meta_problems),
        blocks=tuple(walker.builder.blocks),
        notes=tuple(notes),
        metadata=metadata,
        fallback=page_title(root),
        directives=comments,
    )
