"""HTML briefs: the article text of a saved web page, its headings and its notes.

The page is parsed with lxml's HTML parser (never with regular expressions over markup), after
decoding it by its byte-order mark or ``<meta charset>``, else as UTF-8, else as cp1252.

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
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.html
from dateutil import parser as dateparser
from lxml import etree

from briefs_analyzer.dates import parse_date
from briefs_analyzer.ingest.document import (
    PROSE,
    BlockKind,
    Builder,
    Document,
    Run,
    lay_out,
    merge_spans,
    read_bytes,
    squeeze,
)
from briefs_analyzer.metadata import people, plausible_title
from briefs_analyzer.model import BriefError, Metadata, Person, Problem
from briefs_analyzer.patterns import NOTES_HEADING, SUPERSCRIPT_DIGITS, UNIT_BEFORE_SUPERSCRIPT
from briefs_analyzer.rules import BAD_METADATA, MARKER_NUMBER_MISMATCH, NOT_UTF8

El = etree._Element


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


_BLOCK = _names(
    "p div section article main header li ul ol dl dt dd blockquote pre table thead tbody tfoot tr caption "
    "figure figcaption hr address center details summary fieldset body html"
)
_HEADINGS = frozenset(f"h{i}" for i in range(1, 7))
_ALWAYS_SKIP = _names(
    "head script style noscript template nav aside form button select textarea input label iframe svg canvas "
    "object embed video audio map footer dialog"
)
_NOISE_WORDS = _names(
    "nav navbar navigation menu menubar sidebar footer comment comments breadcrumb breadcrumbs share sharing "
    "social related widget widgets cookie cookies newsletter subscribe masthead pagination skip toolbar "
    "advert advertisement ads promo popup modal meta"
)
_NOISE_ROLES = _names("navigation banner contentinfo complementary search menu menubar toolbar dialog")
_ITALIC = frozenset(("em", "i", "cite"))
_LIST_WORDS = frozenset(("footnotes", "endnotes", "notes", "references", "reflist"))
_LIST_ROLES = frozenset(("doc-endnotes", "doc-footnotes"))
_LIST_TAGS = frozenset(("ol", "ul", "div", "section", "aside", "footer"))
_NOTE_BLOCKS = frozenset(("li", "p", "div", "dd", "aside", "section", "td", "footer", "blockquote"))

_NUMBER = re.compile(r"^[\s\[(]*(\d{1,4})[\s\])]*[.:]?\s*$")
_LABEL = re.compile(r"^\s*(?:\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,4})[.):])\s*")
_PLAIN_LABEL = re.compile(r"^\s*(\d{1,4})\s+")
_BACK_TEXT = re.compile(r"^[\s↩↑⤴^︎️]*(?:back|return|top)?[\s↩↑⤴^︎️]*$", re.IGNORECASE)
_EMPTY_BRACKETS = re.compile(r"\[\s*\]|\(\s*\)")
_WORDS = re.compile(r"[^a-z0-9]+")
_SLASH_DATE = re.compile(r"^(\d{4})/(\d{1,2})(?:/(\d{1,2}))?$")

_TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)


# --- decoding ------------------------------------------------------------------------------


_WHATWG_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252"}


def _declared_charset(data: bytes) -> str | None:
    """The charset a ``<meta>`` declares (read with a parser that accepts any bytes)."""
    try:
        root = lxml.html.document_fromstring(data[:65536], parser=lxml.html.HTMLParser(encoding="iso-8859-1"))
    except (etree.ParserError, ValueError):
        return None
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
                return codecs.lookup(name).name
            except LookupError:
                return None
    return None


def _decode(data: bytes) -> tuple[str, str, tuple[Problem, ...]]:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8", ()
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16", ()
    declared = _declared_charset(data)
    if declared:
        try:
            return data.decode(declared), declared, ()
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8", ()
    except UnicodeDecodeError:
        problem = NOT_UTF8.problem(encoding="cp1252")
        return data.decode("cp1252", errors="replace"), "cp1252", (problem,)


# --- helpers -------------------------------------------------------------------------------


def _tag(el: El) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


def _text(el: El) -> str:
    return " ".join("".join(str(t) for t in el.itertext()).split())


def _sourceline(el: El) -> int | None:
    line = getattr(el, "sourceline", None)
    return line if isinstance(line, int) else None


def _words(el: El, *attrs: str) -> set[str]:
    out: set[str] = set()
    for attr in attrs:
        out.update(w for w in _WORDS.split((el.get(attr) or "").lower()) if w)
    return out


def _inside(el: El, ancestor: El) -> bool:
    return el is ancestor or any(a is ancestor for a in el.iterancestors())


def _number(text: str) -> int | None:
    m = _NUMBER.match(text)
    return int(m.group(1)) if m else None


def _drop(el: El) -> None:
    """Remove ``el`` from the tree, keeping the text that follows it."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    previous = el.getprevious()
    parent.remove(el)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def _hidden(el: El) -> bool:
    if el.get("hidden") is not None or (el.get("aria-hidden") or "").lower() == "true":
        return True
    style = (el.get("style") or "").replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style or "mso-hide:all" in style


# --- references and notes ------------------------------------------------------------------


def _hinted(words: Iterable[str]) -> bool:
    """Words of a class, id, name, role or fragment that mark a note reference or a note."""
    return any(
        w.startswith(("fn", "ftn", "sdfootnote", "sdendnote", "edn"))
        or "footnote" in w
        or "endnote" in w
        or "noteref" in w
        for w in words
    )


@dataclass
class _Ref:
    link: El  # the <a> (or the plain <sup>)
    wrapper: El  # what stands in the text for it (the <sup> around the link, or the link)
    printed: int | None
    target: El | None
    note: El | None = None


@dataclass
class _Note:
    el: El
    number: int | None = None
    label: El | None = None  # the element printing its number, dropped from its text
    refs: list[_Ref] = field(default_factory=list)


def _targets(root: El) -> dict[str, El]:
    ids: dict[str, El] = {}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for key in ("id", "name") if _tag(el) == "a" else ("id",):
            value = el.get(key)
            if value and value not in ids:
                ids[value] = el
    return ids


def _wrapper(link: El) -> El:
    parent = link.getparent()
    if parent is not None and _tag(parent) == "sup" and _number(_text(parent)) is not None:
        return parent
    return link


def _in_sup(link: El) -> bool:
    return any(_tag(a) == "sup" for a in link.iterancestors()) or any(_tag(d) == "sup" for d in link.iter())


def _candidate_refs(root: El, ids: dict[str, El]) -> list[_Ref]:
    refs = []
    for link in root.iter("a"):
        href = link.get("href") or ""
        fragment = unquote(urlsplit(href).fragment) if "#" in href else ""
        described = (link.get("aria-describedby") or "").split()
        target = ids.get(fragment) if fragment else None
        if target is None and described:
            target = next((ids[d] for d in described if d in ids), None)
        if not fragment and target is None:
            continue
        printed = _number(_text(link))
        if printed is None:
            continue
        hinted = _hinted(_words(link, "class", "id", "name", "role", "rel") | {fragment.lower()}) or any(
            _hinted(_words(a, "class")) for a in link.iterancestors() if _tag(a) in ("sup", "span")
        )
        if not (hinted or _in_sup(link)):
            continue
        if target is not None and _tag(target) in _HEADINGS:
            continue
        refs.append(_Ref(link, _wrapper(link), printed, target))
    return refs


def _within(el: El, elements: set[El] | dict[El, _Note]) -> bool:
    """Is ``el`` one of ``elements``, or inside one?"""
    return el in elements or any(a in elements for a in el.iterancestors())


def _note_element(target: El, marks: dict[El, int]) -> El:
    """The note a link lands on: the target, or the block around an empty or numeric target.

    ``marks`` counts, for every element, the link targets and references inside it: a block
    is climbed out of only while its parent holds nothing more (a note of several paragraphs).
    """
    el = target
    if _tag(el) == "a" or _number(_text(el)) is not None or not _text(el):
        while (parent := el.getparent()) is not None and _tag(el) not in _NOTE_BLOCKS:
            el = parent
    if _tag(el) not in _NOTE_BLOCKS:
        return el
    while (parent := el.getparent()) is not None and _tag(parent) in _NOTE_BLOCKS - {"li"}:
        if marks.get(parent, 0) > marks.get(el, 0) or len(_text(parent)) > 3 * len(_text(el)) + 200:
            break
        el = parent
    return el


def _ordinal(li: El) -> int | None:
    parent = li.getparent()
    if parent is None or _tag(parent) != "ol":
        return None
    try:
        number = int(parent.get("start") or 1) - 1
    except ValueError:
        number = 0
    for item in parent:
        if _tag(item) != "li":
            continue
        value = item.get("value")
        number = int(value) if value and value.strip().isdigit() else number + 1
        if item is li:
            return number
    return None


def _is_back_link(link: El, ref_anchors: set[str]) -> bool:
    """A link from a note back to its reference (``↩``, ``footnote-back``, ``#fnref1``)."""
    href = link.get("href") or ""
    fragment = unquote(urlsplit(href).fragment) if "#" in href else ""
    if _words(link, "class", "role", "rel") & {"back", "backlink", "backref", "top", "reversefootnote"}:
        return True
    if fragment and fragment in ref_anchors:
        return True
    return bool(href) and bool(_BACK_TEXT.match(_text(link)))


def _label(note: El, ref_anchors: set[str]) -> tuple[El | None, int | None]:
    """The element printing the note's number: a numeric back-link, or a number opening the note."""
    for link in note.iter("a"):
        if _is_back_link(link, ref_anchors) and (n := _number(_text(link))) is not None:
            return link, n
    first = next((c for c in note.iter() if c is not note and isinstance(c.tag, str) and _text(c)), None)
    if first is not None and _tag(first) in ("sup", "a", "span", "b", "strong") and not (note.text or "").strip():
        n = _number(_text(first))
        if n is not None:
            return first, n
    return None, None


def _notes_lists(root: El) -> list[tuple[El, list[El]]]:
    """Notes lists: containers classed as notes, and what follows a Notes/Endnotes/... heading."""
    found: list[tuple[El, list[El]]] = []
    for el in root.iter():
        tag = _tag(el)
        if tag in _LIST_TAGS and (_words(el, "class", "id") & _LIST_WORDS or (el.get("role") or "") in _LIST_ROLES):
            if any(_inside(el, c) for c, _ in found):
                continue
            found.append((el, _items(el)))
        elif (tag in _HEADINGS or tag in ("p", "strong", "b")) and NOTES_HEADING.match(_text(el) or "-"):
            following = []
            for sib in el.itersiblings():
                if _tag(sib) in _HEADINGS:
                    break
                following.append(sib)
            items = [i for sib in following for i in ([sib] if _tag(sib) == "p" else _items(sib))]
            if items:
                found.append((el, items))
    return found


def _items(container: El) -> list[El]:
    lists = [li for li in container.iter("li")]
    if lists:
        return lists
    return [c for c in container if _tag(c) in ("p", "div") and _text(c)]


@dataclass
class _Notes:
    refs: list[_Ref]
    notes: list[_Note]
    ref_anchors: set[str]  # ids and names of the references: what back-links point at
    remove: list[El]  # notes, emptied notes lists and their headings: not body text
    problems: list[Problem]


def _find_notes(root: El, container: El) -> _Notes:
    order = {el: i for i, el in enumerate(root.iter())}
    refs = _without_back_links(_candidate_refs(root, _targets(root)), order)
    notes = _linked_notes(refs)
    # References inside notes are cross-references, not markers; outside the article, not ours.
    refs = [
        r
        for r in refs
        if (r.note is not None or r.target is None) and _within(r.link, {container}) and not _within(r.link, notes)
    ]
    ref_anchors = {a for r in refs for a in (r.link.get("id"), r.link.get("name"), r.wrapper.get("id")) if a}
    remove, listed = _listed_notes(root, container, refs, notes, ref_anchors)
    # Plain <sup>1</sup> references, by number, on a page whose notes list is not linked.
    if not refs and listed:
        refs.extend(_plain_refs(container, notes))
    for ref in refs:
        if ref.note is not None:
            notes[ref.note].refs.append(ref)
    _number_notes(notes, refs, ref_anchors, order)
    problems = [
        MARKER_NUMBER_MISMATCH.problem(line=_sourceline(ref.wrapper), printed=ref.printed, number=number)
        for ref in refs
        if ref.printed is not None
        and (number := notes[ref.note].number if ref.note is not None else None) is not None
        and ref.printed != number
    ]
    remove.extend(notes)
    ordered = sorted(notes.values(), key=lambda n: (n.number or 0, order.get(n.el, 0)))
    return _Notes(refs, ordered, ref_anchors, remove, problems)


def _without_back_links(refs: list[_Ref], order: dict[El, int]) -> list[_Ref]:
    """The references less the back-links: a link that lands on (or next to) an earlier reference."""
    at: dict[El, _Ref] = {}
    for ref in refs:
        at.setdefault(ref.link, ref)
        at.setdefault(ref.wrapper, ref)
    kept = []
    for ref in refs:
        t = ref.target
        near = [] if t is None else [at[e] for e in (t, *t.iterancestors(), *t.iter("a", "sup")) if e in at]
        if not any(o is not ref and order[o.link] < order[ref.link] for o in near):
            kept.append(ref)
    return kept


def _linked_notes(refs: Sequence[_Ref]) -> dict[El, _Note]:
    """The notes the references link to (each reference's ``note`` is set to its note's element)."""
    marks: dict[El, int] = {}
    for el in {*(r.link for r in refs), *(r.target for r in refs if r.target is not None)}:
        for e in (el, *el.iterancestors()):
            marks[e] = marks.get(e, 0) + 1
    notes: dict[El, _Note] = {}
    for ref in refs:
        if ref.target is not None:
            el = _note_element(ref.target, marks)
            if not _within(ref.link, {el}):
                ref.note = el
                notes.setdefault(el, _Note(el))
    return notes


def _listed_notes(
    root: El, container: El, refs: Sequence[_Ref], notes: dict[El, _Note], ref_anchors: set[str]
) -> tuple[list[El], list[El]]:
    """Add the items of the page's notes lists that no reference links to; (what to remove, the items added)."""
    remove: list[El] = []
    listed: list[El] = []
    for head, items in _notes_lists(root):
        if _within(container, {head}) or any(_within(r.link, {head}) for r in refs):
            continue  # a wrapper around the text, not a list of notes
        consumed = False
        ours = _within(head, {container})
        for item in items:
            if _within(item, notes) or any(e in notes for e in item.iter()):
                consumed = True
            elif ours and (
                _ordinal(item) is not None or _LABEL.match(_text(item)) or _label(item, ref_anchors)[1] is not None
            ):
                notes[item] = _Note(item)
                listed.append(item)
                consumed = True
        if consumed:
            remove.append(head)
            if _tag(head) in _HEADINGS or _tag(head) in ("p", "strong", "b"):
                remove.extend(items)
    return remove, listed


def _plain_refs(container: El, notes: dict[El, _Note]) -> list[_Ref]:
    """Superscript numbers outside links and notes: references by number alone."""
    refs = []
    for sup in container.iter("sup"):
        if _within(sup, notes) or any(_tag(a) == "a" for a in sup.iterancestors()):
            continue
        if (printed := _number(_text(sup))) is not None:
            refs.append(_Ref(sup, sup, printed, None))
    return refs


def _number_notes(notes: dict[El, _Note], refs: Sequence[_Ref], ref_anchors: set[str], order: dict[El, int]) -> None:
    """Each note's own number: its label, its leading number, its place in an <ol>, its reference's;
    plain references then tie to listed notes by number, and notes left without one follow the highest."""
    for note in notes.values():
        note.label, note.number = _label(note.el, ref_anchors)
        if note.number is None and (m := _LABEL.match(_text(note.el))):
            note.number = int(next(g for g in m.groups() if g))
        if note.number is None and _tag(note.el) == "li":
            note.number = _ordinal(note.el)
        if note.number is None and note.refs:
            note.number = note.refs[0].printed
    by_number = {n.number: n for n in notes.values() if n.number is not None}
    for ref in refs:
        if ref.note is None and ref.target is None and ref.printed is not None and ref.printed in by_number:
            match = by_number[ref.printed]
            ref.note = match.el
            match.refs.append(ref)
    highest = max((n.number for n in notes.values() if n.number is not None), default=0)
    for note in sorted(notes.values(), key=lambda n: order.get(n.el, 0)):
        if note.number is None:
            highest += 1
            note.number = highest


def _note_text(note: _Note, ref_anchors: set[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The note's text, without its label and back-links, and the spans of it set in italics."""
    parts: list[tuple[str, bool]] = []

    def walk(el: El, italic: bool) -> None:
        for child in el:
            if isinstance(child.tag, str) and child is not note.label and not _hidden(child):
                is_back = _tag(child) == "a" and _is_back_link(child, ref_anchors)
                if not is_back and _tag(child) not in ("script", "style"):
                    inner = italic or _tag(child) in _ITALIC
                    parts.append((child.text or "", inner))
                    walk(child, inner)
                    if _tag(child) in _BLOCK or _tag(child) == "br":
                        parts.append((" ", False))
            parts.append((child.tail or "", italic))

    parts.append((note.el.text or "", False))
    walk(note.el, False)
    text, spans = squeeze(parts)
    for m in reversed(list(_EMPTY_BRACKETS.finditer(text))):  # what was left of a back-link: "[]", "( )"
        a0, b0 = m.span()
        if a0 > 0 and text[a0 - 1] == " " and (b0 == len(text) or text[b0] == " "):
            a0 -= 1  # and the space before it
        text = text[:a0] + text[b0:]
        n = b0 - a0
        spans = [(x if x <= a0 else max(x - n, a0), y if y <= a0 else max(y - n, a0)) for x, y in spans]
    spans = [sp for sp in spans if sp[1] > sp[0]]
    cut = 0
    if note.label is None and (label_m := _LABEL.match(text) or _PLAIN_LABEL.match(text)):
        m = label_m
        label = int(next(g for g in m.groups() if g))
        if label == note.number:
            cut = m.end()
    stripped = text[cut:]
    lead = len(stripped) - len(stripped.lstrip())
    cut += lead
    return text[cut:].strip(), merge_spans((max(a0 - cut, 0), b0 - cut) for a0, b0 in spans if b0 > cut)


# --- the main text -------------------------------------------------------------------------


def _container(root: El) -> El:
    articles = sorted(root.iter("article"), key=lambda a: len(_text(a)), reverse=True)
    if articles and _text(articles[0]):
        return articles[0]
    for el in (*root.iter("main"), *(e for e in root.iter() if (e.get("role") or "").lower() == "main")):
        if _text(el):
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
        self.size = len(_text(container))
        self.in_article = _tag(container) == "article" or any(_tag(a) == "article" for a in container.iterancestors())
        self.builder = Builder()
        self.lines: list[list[Run]] = [[]]
        self.number = _sourceline(container) or 1
        self.kind: BlockKind = "paragraph"
        self.level = 0
        self.rows: list[list[str]] | None = None  # the cells of the table being walked
        self.titled = False

    def skip(self, el: El) -> bool:
        tag = _tag(el)
        if tag in _ALWAYS_SKIP or (tag == "header" and not self.in_article) or _hidden(el):
            return True
        if (el.get("role") or "").lower() in _NOISE_ROLES:
            return True
        words = {w.rstrip("0123456789") for w in _words(el, "class", "id")}
        return bool(words & _NOISE_WORDS) and len(_text(el)) < 0.5 * self.size

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
        if el in self.markers and not (_tag(el) == "sup" and UNIT_BEFORE_SUPERSCRIPT.search(self._tail())):
            self.lines[-1].append(self.markers[el])
            return
        tag = _tag(el)
        if not tag or self.skip(el):
            return
        if tag == "br":
            self.lines.append([])
            return
        if tag == "table" and self.rows is None:
            self.table(el)
            return
        if tag == "sup" and (text := _text(el)).isdigit() and UNIT_BEFORE_SUPERSCRIPT.search(self._tail()):
            self.lines[-1].append((text.translate(_TO_SUPERSCRIPT), italic))  # km²: an exponent, not a marker
            return
        heading = tag in _HEADINGS
        block = heading or tag in _BLOCK
        outer = (self.kind, self.level)
        if block:
            self.flush()
            self.number = _sourceline(el) or self.number
            if heading:
                self.kind = "title" if tag == "h1" and not self.titled and not self.builder.blocks else "heading"
                self.titled = self.titled or self.kind == "title"
                self.level = int(tag[1])
            else:
                self.kind, self.level = _PROSE_TAGS.get(tag) or _OTHER_TAGS.get(tag) or outer[0], 0  # type: ignore[assignment]
                if self.kind in ("title", "heading"):
                    self.kind = "paragraph"
        inner = italic or tag in _ITALIC
        if el.text:
            self.lines[-1].append((el.text.replace("\u00a0", " "), inner))
        for child in el:
            self.walk(child, inner)
            if child.tail:
                self.lines[-1].append((child.tail.replace("\u00a0", " "), inner))
        if block:
            self.flush()
            self.kind, self.level = outer

    def _tail(self) -> str:
        return "".join(r[0] for r in self.lines[-1] if not isinstance(r, int))

    def table(self, el: El) -> None:
        """A table: its rows of cells, one block; markers in its cells still count."""
        self.flush()
        self.number = _sourceline(el) or self.number
        rows: list[list[str]] = []
        runs: list[Run] = []
        for tr in el.iter("tr"):
            row = []
            for cell in tr:
                if _tag(cell) not in ("td", "th") or self.skip(cell):
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


# --- metadata ------------------------------------------------------------------------------


def _meta(root: El, *names: str) -> list[str]:
    wanted = {n.lower() for n in names}
    values = []
    for meta in root.iter("meta"):
        key = (meta.get("name") or meta.get("property") or "").lower()
        content = " ".join((meta.get("content") or "").split())
        if key in wanted and content:
            values.append(content)
    return values


def _iso_date(text: str) -> str | None:
    text = text.strip()
    if m := _SLASH_DATE.match(text):
        text = "-".join(f"{int(g):02d}" if i else g for i, g in enumerate(m.groups()) if g)
    if found := parse_date(text):
        return found
    try:
        return dateparser.isoparse(text).date().isoformat()
    except (ValueError, OverflowError):
        return None


_LD_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "report",
        "scholarlyarticle",
        "blogposting",
        "webpage",
        "creativework",
        "analysisnewsarticle",
        "techarticle",
        "governmentpermit",
        "legislation",
    }
)


def _ld_names(value: object) -> list[str]:
    """Names from a JSON-LD author or publisher: a string, an object with a name, or a list of them."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        name = value.get("name")
        return [name] if isinstance(name, str) else []
    if isinstance(value, list):
        return [n for item in value for n in _ld_names(item)]
    return []


def _ld_people(value: object) -> tuple[Person, ...]:
    """Persons of a JSON-LD ``author`` or ``editor``: names, with ``jobTitle`` as the role and
    ``affiliation`` (a name or an organisation object) kept."""
    items = value if isinstance(value, list) else [value]
    out: list[Person] = []
    for item in items:
        names = _ld_names(item)
        role = item.get("jobTitle") if isinstance(item, dict) else None
        affiliation = next(iter(_ld_names(item.get("affiliation"))), None) if isinstance(item, dict) else None
        for person in people(names):
            out.append(Person(person.name, role if isinstance(role, str) else None, affiliation))
    return tuple(out)


def _json_ld(root: El) -> tuple[dict[str, object], list[Problem]]:
    """The first article-like object of the page's JSON-LD (``@graph`` included), and problems met."""
    import json

    problems: list[Problem] = []
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except ValueError as exc:
            problems.append(
                BAD_METADATA.problem(line=_sourceline(script), reason=f"JSON-LD that does not parse ({exc})")
            )
            continue
        items = data if isinstance(data, list) else [data]
        items = [*items, *(g for item in items if isinstance(item, dict) for g in item.get("@graph") or [])]
        for item in items:
            if not isinstance(item, dict):
                continue
            types = item.get("@type")
            names = {t.lower() for t in ([types] if isinstance(types, str) else types or []) if isinstance(t, str)}
            if names & _LD_TYPES:
                return item, problems
    return {}, problems


def _metadata(root: El, container: El) -> tuple[Metadata, list[Problem]]:
    """Title, authors, date, publisher and abstract from the page's own metadata, in order of trust:
    Highwire ``citation_*`` tags, schema.org JSON-LD, Dublin Core, Open Graph, ``<time datetime>``."""
    ld, problems = _json_ld(root)
    found: dict[str, object] = {}
    provenance: dict[str, str] = {}

    def put(name: str, value: object, origin: str) -> None:
        if value and name not in found:
            found[name] = value
            provenance[name] = origin

    def first_date(values: list[str], origin: str) -> None:
        for value in values:
            iso = _iso_date(value)
            if iso:
                put("date", iso, origin)
                return
            problems.append(BAD_METADATA.problem(reason=f"a date that cannot be read: {value!r}"))

    put("title", plausible_title(next(iter(_meta(root, "citation_title")), None)), "html-citation")
    put("authors", people(_meta(root, "citation_author")), "html-citation")
    first_date(_meta(root, "citation_publication_date", "citation_date"), "html-citation")
    put("organization", next(iter(_meta(root, "citation_publisher")), None), "html-citation")
    put("report_number", next(iter(_meta(root, "citation_technical_report_number")), None), "html-citation")
    put("abstract", next(iter(_meta(root, "citation_abstract")), None), "html-citation")
    if ld:
        headline = ld.get("headline") or ld.get("name")
        put("title", plausible_title(headline if isinstance(headline, str) else None), "html-jsonld")
        put("authors", _ld_people(ld.get("author")), "html-jsonld")
        put("editors", _ld_people(ld.get("editor")), "html-jsonld")
        date = ld.get("datePublished") or ld.get("dateCreated")
        first_date([date] if isinstance(date, str) else [], "html-jsonld")
        put("organization", next(iter(_ld_names(ld.get("publisher"))), None), "html-jsonld")
        abstract = ld.get("description") or ld.get("abstract")
        put("abstract", abstract if isinstance(abstract, str) else None, "html-jsonld")
    put("title", plausible_title(next(iter(_meta(root, "dc.title")), None)), "html-dc")
    put("authors", people(_meta(root, "dc.creator")), "html-dc")
    first_date(_meta(root, "dc.date", "dc.date.issued"), "html-dc")
    put("organization", next(iter(_meta(root, "dc.publisher")), None), "html-dc")
    put("title", plausible_title(next(iter(_meta(root, "og:title")), None)), "html-og")
    first_date(_meta(root, "article:published_time"), "html-og")
    put("authors", people(a for a in _meta(root, "author", "article:author") if "://" not in a), "html-meta")
    first_date([t.get("datetime") or "" for t in container.iter("time") if t.get("datetime")], "html-time")
    return Metadata(**found, provenance=tuple(sorted(provenance.items()))), problems  # type: ignore[arg-type]


def _page_title(root: El) -> Metadata:
    """The ``<title>`` element: trusted less than the title the page prints (it often names the site)."""
    title_el = next(root.iter("title"), None)
    title = plausible_title(_text(title_el)) if title_el is not None else None
    return Metadata(title=title, provenance=(("title", "html-title"),) if title else ())


# --- the reader ----------------------------------------------------------------------------


def read_html(path: Path) -> Document:
    """Read a saved web page into a :class:`Document`.  Raises :class:`BriefError` with a reason a person can act on."""
    data = read_bytes(path)
    if not data.strip():
        raise BriefError("file is empty")
    text, encoding, problems = _decode(data)
    try:
        root = lxml.html.document_fromstring(
            text.encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8", remove_comments=False)
        )
    except (etree.ParserError, ValueError) as exc:
        raise BriefError("no article text found in the HTML page") from exc
    comments = tuple(
        (" ".join(str(c.text or "").split()), _sourceline(c) or 1) for c in root.iter(etree.Comment) if c.text
    )
    for comment in list(root.iter(etree.Comment)):
        _drop(comment)
    container = _container(root)
    metadata, meta_problems = _metadata(root, container)
    found = _find_notes(root, container)
    markers: dict[El, int] = {}
    for ref in found.refs:
        note = next((n for n in found.notes if n.el is ref.note), None)
        number = note.number if note is not None else ref.printed
        if number is not None:
            markers[ref.wrapper] = number
    note_texts = [(n, *_note_text(n, found.ref_anchors), _sourceline(n.el) or 0) for n in found.notes]
    for el in found.remove:
        if el is not container:
            _drop(el)
    walker = _Walker(container, markers)
    walker.walk(container)
    walker.flush()
    if not any(b.kind in PROSE for b in walker.builder.blocks):
        raise BriefError("no article text found in the HTML page")
    notes = [
        walker.builder.note(note.number, note_text, number, style="superscript", italics=italics)
        for note, note_text, italics, number in note_texts
        if note_text and note.number is not None
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
        fallback=_page_title(root),
        directives=comments,
    )
