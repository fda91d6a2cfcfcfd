"""Word (.docx) briefs: paragraphs with their styles, and the real footnotes and endnotes.

python-docx opens the package and gives the body, the styles and the core properties; the
footnotes and endnotes parts, which it does not expose, are read with lxml from the parts the
main document's relationships name.  The reader hands the text parser what a PDF's layout gives:

* every paragraph of the body, in order (table cells and content controls included, text
  boxes and comments left out), as its own block of lines: a soft line break starts a new line
  within the block.  A paragraph set in a heading style (``Heading 1`` ... or any style or
  paragraph with an outline level) is one line with ``role="heading"``; the ``Title`` style gives
  ``role="title"``; a short, wholly bold paragraph without closing punctuation is a heading too.
  Tables of contents are skipped.
* every footnote or endnote reference as Unicode superscript digits at its place in the text
  (``payloads¹``).  Notes are numbered in the order they are referenced, as Word displays them;
  footnotes and endnotes share one sequence.  A reference is tied to its note by the note's id,
  so a reference whose note is missing, or a note that nothing references, is reported by the
  parser (BA101, BA102).
* each note after the body as its own block, ``¹⁰ note text``, its italics written as
  ``*...*`` (the citation parser reads them as titles and containers).
* tracked changes read as if accepted (insertions and moves in, deletions out); a document
  with unaccepted changes carries a BA003 warning.  A note whose only reference was deleted
  goes with it, as it does when Word accepts the deletion.
* title, authors and date from the opening paragraphs; the core properties (``dc:title``,
  ``dc:creator``, ``dcterms:created``) fill in what those paragraphs do not give.

A .docx has no lines, so **a line number is a paragraph number**: ``Line.number`` is the
1-based position of the paragraph among all the body's paragraphs (empty ones and those in
table cells counted, as Word's ``Paragraphs(n)`` counts them), and every problem the parser
reports points at that paragraph.  A note's line is the paragraph holding its first reference
(0 for a note nothing references); lines filled in from the core properties are numbered 0.
"""

from __future__ import annotations

import hashlib
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lxml import etree

from briefs_analyzer.dates import parse_date
from briefs_analyzer.ingest.document import Builder, Document, Laid, Run, lay_out, merge_spans, read_bytes, squeeze
from briefs_analyzer.metadata import people, plausible_title, split_names
from briefs_analyzer.model import BriefError, Metadata, NoteStyle
from briefs_analyzer.patterns import TERMINAL_PUNCT
from briefs_analyzer.rules import TRACKED_CHANGES

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_RT_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_RT_ENDNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
_HEADING_MAX_WORDS = 15
_HEADING_MAX_CHARS = 120


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


_P, _R, _T, _TBL, _TR, _TC = _w("p"), _w("r"), _w("t"), _w("tbl"), _w("tr"), _w("tc")
_PPR, _RPR, _PSTYLE, _RSTYLE, _VAL = _w("pPr"), _w("rPr"), _w("pStyle"), _w("rStyle"), _w("val")
_INS, _DEL, _MOVE_TO, _MOVE_FROM = _w("ins"), _w("del"), _w("moveTo"), _w("moveFrom")
_FOOTNOTE_REF, _ENDNOTE_REF = _w("footnoteReference"), _w("endnoteReference")
_ID, _TYPE = _w("id"), _w("type")
_BREAK_TAGS = {_w("br"), _w("cr")}
_SPACE_TAGS = {_w("tab"), _w("ptab")}
# Elements whose content is never running text: properties, field codes, deleted text, the
# note's own number mark, drawings and text boxes (their paragraphs are not the body's).
_SKIP = {
    _PPR,
    _RPR,
    _w("sdtPr"),
    _w("sdtEndPr"),
    _w("instrText"),
    _w("delText"),
    _w("delInstrText"),
    _w("footnoteRef"),
    _w("endnoteRef"),
    _w("separator"),
    _w("continuationSeparator"),
    _w("annotationRef"),
    _w("commentReference"),
    _w("drawing"),
    _w("pict"),
    _w("object"),
    _w("sym"),
    _w("fldChar"),
    "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent",
}
_TRACKED = tuple(
    _w(t)
    for t in (
        "ins",
        "del",
        "moveFrom",
        "moveTo",
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "tblGridChange",
        "trPrChange",
        "tcPrChange",
        "numberingChange",
        "cellIns",
        "cellDel",
        "cellMerge",
    )
)
_FALSE = {"0", "false", "off", "none"}

# --- reading the package -------------------------------------------------------------------


def _open(path: Path) -> tuple[bytes, Any]:
    data = read_bytes(path)
    if not data:
        raise BriefError("file is empty")
    if data.startswith(OLE_MAGIC):
        if "WordDocument".encode("utf-16-le") in data and "EncryptedPackage".encode("utf-16-le") not in data:
            raise BriefError("a Word 97-2003 .doc file, not a .docx: save it as .docx in Word first")
        raise BriefError("encrypted Word document: remove the password in Word first")
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile as exc:
        raise BriefError("not a Word document (not a zip file)") from exc
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (KeyError, ValueError, PackageNotFoundError) as exc:
        if "word/document.xml" not in names:
            raise BriefError("a zip file, but not a Word document (no word/document.xml)") from exc
        raise BriefError(f"damaged Word document: {exc}") from exc
    except (etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise BriefError(f"damaged Word document: {exc}") from exc
    return data, document


@dataclass(frozen=True)
class _Style:
    name: str
    base: str | None
    outline: int | None  # 0-8 a heading level, 9 body text
    bold: bool | None
    italic: bool | None


def _flag(props: Any, tag: str) -> bool | None:
    if props is None:
        return None
    el = props.find(_w(tag))
    if el is None:
        return None
    return str(el.get(_VAL, "true")).lower() not in _FALSE


def _styles(document: Any) -> dict[str, _Style]:
    out: dict[str, _Style] = {}
    for style in document.styles:
        el = style.element
        ppr = el.find(_PPR)
        outline = ppr.find(_w("outlineLvl")) if ppr is not None else None
        based = el.find(_w("basedOn"))
        rpr = el.find(_RPR)
        out[str(style.style_id)] = _Style(
            name=str(style.name or ""),
            base=str(based.get(_VAL)) if based is not None else None,
            outline=int(outline.get(_VAL)) if outline is not None and str(outline.get(_VAL)).isdigit() else None,
            bold=_flag(rpr, "b"),
            italic=_flag(rpr, "i"),
        )
    return out


@dataclass
class _Styles:
    table: dict[str, _Style]
    default_paragraph: str | None

    def chain(self, style_id: str | None) -> Iterator[_Style]:
        seen: set[str] = set()
        while style_id and style_id in self.table and style_id not in seen:
            seen.add(style_id)
            yield self.table[style_id]
            style_id = self.table[style_id].base

    def first(self, style_id: str | None, attr: str) -> Any:
        for style in self.chain(style_id):
            value = getattr(style, attr)
            if value is not None:
                return value
        return None

    def name(self, style_id: str | None) -> str:
        style = self.table.get(style_id or "")
        return style.name if style else ""


# --- paragraphs ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ref:
    kind: str  # "footnote" or "endnote"
    id: str


@dataclass(frozen=True)
class _Text:
    text: str
    bold: bool
    italic: bool


class _Break:
    pass


_BREAK = _Break()
Piece = _Text | _Ref | _Break


@dataclass
class _Paragraph:
    number: int
    pieces: list[Piece]
    style: str | None
    outline: int | None
    mark_deleted: bool  # a tracked deletion of the paragraph mark joins it to the next
    listed: bool = False  # numbered or bulleted (w:numPr)
    table: int | None = None  # the table (by order) whose cell holds it
    row: int = 0
    cell: int = 0


class _Reader:
    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self.deleted_refs: list[_Ref] = []

    def paragraph(self, p: Any, number: int) -> _Paragraph:
        ppr = p.find(_PPR)
        style_el = ppr.find(_PSTYLE) if ppr is not None else None
        style = str(style_el.get(_VAL)) if style_el is not None else self.styles.default_paragraph
        outline_el = ppr.find(_w("outlineLvl")) if ppr is not None else None
        outline = self.styles.first(style, "outline")
        if outline_el is not None and str(outline_el.get(_VAL)).isdigit():
            outline = int(outline_el.get(_VAL))
        mark = ppr.find(_RPR) if ppr is not None else None
        mark_deleted = mark is not None and (mark.find(_DEL) is not None or mark.find(_MOVE_FROM) is not None)
        listed = ppr is not None and ppr.find(_w("numPr")) is not None
        pieces: list[Piece] = []
        self.inline(p, pieces, style)
        return _Paragraph(number, pieces, style, outline, mark_deleted, listed)

    def inline(self, parent: Any, out: list[Piece], style: str | None) -> None:
        for child in parent:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag in (_DEL, _MOVE_FROM):
                self.deleted_refs.extend(self._refs(child))
            elif tag == _R:
                self.run(child, out, style)
            elif tag == f"{{{_M}}}t":
                out.append(_Text(child.text or "", False, False))
            else:  # ins, moveTo, hyperlink, smartTag, customXml, fldSimple, sdt, sdtContent, math ...
                self.inline(child, out, style)

    @staticmethod
    def _refs(el: Any) -> Iterator[_Ref]:
        for ref in el.iter(_FOOTNOTE_REF, _ENDNOTE_REF):
            yield _Ref("footnote" if ref.tag == _FOOTNOTE_REF else "endnote", str(ref.get(_ID)))

    def run(self, r: Any, out: list[Piece], style: str | None) -> None:
        rpr = r.find(_RPR)
        if _flag(rpr, "vanish") or _flag(rpr, "specVanish"):
            return  # hidden text
        char_style_el = rpr.find(_RSTYLE) if rpr is not None else None
        char_style = str(char_style_el.get(_VAL)) if char_style_el is not None else None

        def resolved(tag: str, attr: str) -> bool:
            for value in (_flag(rpr, tag), self.styles.first(char_style, attr), self.styles.first(style, attr)):
                if value is not None:
                    return bool(value)
            return False

        bold, italic = resolved("b", "bold"), resolved("i", "italic")
        for child in r:
            tag = child.tag
            if tag == _T:
                out.append(_Text(child.text or "", bold, italic))
            elif tag in _SPACE_TAGS:
                out.append(_Text(" ", bold, italic))
            elif tag in _BREAK_TAGS:
                kind = child.get(_TYPE)
                out.append(_BREAK if kind in (None, "textWrapping") else _Text(" ", bold, italic))
            elif tag == _w("noBreakHyphen"):
                out.append(_Text("-", bold, italic))
            elif tag == _FOOTNOTE_REF:
                out.append(_Ref("footnote", str(child.get(_ID))))
            elif tag == _ENDNOTE_REF:
                out.append(_Ref("endnote", str(child.get(_ID))))


def _blocks(parent: Any) -> Iterator[Any]:
    """The body's paragraphs in reading order: table cells and content controls included."""
    for child in parent:
        tag = child.tag
        if tag == _P:
            yield child
        elif tag in (_TBL, _TR, _TC, _w("sdt"), _w("sdtContent"), _w("customXml"), _INS, _MOVE_TO):
            yield from _blocks(child)


def _cells(body: Any) -> dict[Any, tuple[int, int, int]]:
    """For each paragraph inside a table: (table, row, cell), tables counted in order (nested ones flattened)."""
    out: dict[Any, tuple[int, int, int]] = {}
    for t, table in enumerate(body.iter(_TBL)):
        for r, row in enumerate(table.iter(_TR)):
            for c, cell in enumerate(row.iter(_TC)):
                for p in cell.iter(_P):
                    out.setdefault(p, (t, r, c))
    return out


_META_STYLES = {"title": "title", "subtitle": "subtitle", "author": "author", "date": "date", "abstract": "abstract"}


def _role(paragraph: _Paragraph, text: str, styles: _Styles) -> str | None:
    name = styles.name(paragraph.style).lower()
    if name.startswith("toc"):
        return "toc"
    if name in _META_STYLES:
        return _META_STYLES[name]
    if paragraph.outline is not None and 0 <= paragraph.outline <= 8:
        return "heading"
    if any(s.name.lower().startswith("heading") for s in styles.chain(paragraph.style)):
        return "heading"
    if _bold_heading(paragraph, text):
        return "heading"
    return None


def _bold_heading(paragraph: _Paragraph, text: str) -> bool:
    """A short paragraph, wholly bold, without closing punctuation, starting with a capital."""
    texts = [p for p in paragraph.pieces if isinstance(p, _Text) and p.text.strip()]
    if not texts or not all(p.bold for p in texts):
        return False
    words = text.split()
    if not words or len(words) > _HEADING_MAX_WORDS or len(text) > _HEADING_MAX_CHARS:
        return False
    if not (text[0].isupper() or text[0].isdigit()):
        return False
    return not text.rstrip("\"'”’)]").endswith((*TERMINAL_PUNCT, ",", ";", ":"))


# --- notes ---------------------------------------------------------------------------------


def _note_parts(document: Any) -> dict[str, Any]:
    """The footnotes and endnotes parts, parsed with lxml: ``{"footnote": root, "endnote": root}``."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)
    out: dict[str, Any] = {}
    for rel in document.part.rels.values():
        if rel.is_external:
            continue
        kind = {_RT_FOOTNOTES: "footnote", _RT_ENDNOTES: "endnote"}.get(str(rel.reltype))
        if kind is None:
            continue
        try:
            out[kind] = etree.fromstring(rel.target_part.blob, parser)
        except etree.XMLSyntaxError as exc:
            raise BriefError(f"damaged Word document: its {kind}s cannot be read ({exc})") from exc
    return out


def _notes(parts: dict[str, Any], reader: _Reader) -> dict[_Ref, list[list[Piece]]]:
    """Each real note (separators and continuation notices left out): its paragraphs' pieces."""
    notes: dict[_Ref, list[list[Piece]]] = {}
    for kind, root in parts.items():
        for note in root.findall(_w(kind)):
            note_id = str(note.get(_ID))
            if note.get(_TYPE) not in (None, "normal") or (note_id.lstrip("-").isdigit() and int(note_id) <= 0):
                continue
            notes[_Ref(kind, note_id)] = [reader.paragraph(p, 0).pieces for p in _blocks(note)]
    return notes


def _note_text(paragraphs: Sequence[Sequence[Piece]]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A note's paragraphs as one line of text, and the spans of it set in italics."""
    out: list[str] = []
    italics: list[tuple[int, int]] = []
    length = 0
    for pieces in paragraphs:
        parts: list[tuple[str, bool]] = []
        for piece in pieces:
            if isinstance(piece, _Break):
                parts.append((" ", False))
            elif isinstance(piece, _Text):
                parts.append((piece.text, piece.italic))
        text, spans = squeeze(parts)
        if not text:
            continue
        if out:
            length += 1
        italics.extend((length + s0, length + e0) for s0, e0 in spans)
        out.append(text)
        length += len(text)
    return " ".join(out), merge_spans(italics)


# --- the reader ----------------------------------------------------------------------------


def read_docx(path: Path) -> Document:
    """Read a Word brief into a :class:`Document`.  Raises :class:`BriefError` with a reason a person can act on."""
    data, document = _open(path)
    from docx.enum.style import WD_STYLE_TYPE

    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    styles = _Styles(_styles(document), str(default.style_id) if default is not None else None)
    reader = _Reader(styles)
    body = document.element.body
    cells = _cells(body)
    paragraphs = []
    for n, p in enumerate(_blocks(body), start=1):
        paragraph = reader.paragraph(p, n)
        if p in cells:
            paragraph.table, paragraph.row, paragraph.cell = cells[p]
        paragraphs.append(paragraph)
    parts = _note_parts(document)
    notes = _notes(parts, reader)
    changed = next((n for n, p in enumerate(_blocks(body), start=1) if next(p.iter(*_TRACKED), None) is not None), None)
    tracked = any(next(root.iter(*_TRACKED), None) is not None for root in (body, *parts.values()))

    # Word numbers notes in the order they are referenced.
    numbers: dict[_Ref, int] = {}
    first_paragraph: dict[_Ref, int] = {}
    for paragraph in paragraphs:
        for piece in paragraph.pieces:
            if isinstance(piece, _Ref) and piece not in numbers:
                numbers[piece] = len(numbers) + 1
                first_paragraph[piece] = paragraph.number
    deleted = set(reader.deleted_refs)
    for ref in notes:
        if ref not in numbers and ref not in deleted:
            numbers[ref] = len(numbers) + 1  # never referenced: the parser reports it

    out = _Out(styles, numbers)
    pending: list[Piece] = []  # a paragraph whose mark was deleted runs on into the next
    pending_number: int | None = None
    for paragraph in paragraphs:
        pieces = [*pending, *paragraph.pieces]
        number = pending_number if pending_number is not None and _has_text(pending) else paragraph.number
        if paragraph.mark_deleted:
            pending, pending_number = pieces, number
            continue
        pending, pending_number = [], None
        out.paragraph(replace(paragraph, pieces=pieces, mark_deleted=False), number)
    if _has_text(pending):
        out.paragraph(replace(paragraphs[-1], pieces=pending, mark_deleted=False), pending_number or 0)
    out.close_table()

    note_defs = []
    for ref, number in sorted(numbers.items(), key=lambda item: item[1]):
        text, italics = _note_text(notes.get(ref, []))
        if text:  # an empty or missing note leaves its marker without a note
            line = first_paragraph.get(ref, 0)
            note_defs.append(out.builder.note(number, text, line, italics=italics, style="superscript"))
    if not out.builder.blocks:
        raise BriefError("the Word document has no text")
    return Document(
        path=str(path),
        sha256=hashlib.sha256(data).hexdigest(),
        format="docx",
        lines=tuple(out.builder.lines),
        encoding="docx",
        problems=(TRACKED_CHANGES.problem(line=changed),) if tracked else (),
        blocks=tuple(out.builder.blocks),
        notes=tuple(note_defs),
        metadata=_metadata(document, out.hints),
        directives=_comments(document, body),
    )


def _has_text(pieces: Sequence[Piece]) -> bool:
    return any(isinstance(p, _Ref) or (isinstance(p, _Text) and p.text.strip()) for p in pieces)


@dataclass
class _Out:
    """Turns paragraphs into blocks: headings, paragraphs, list items, tables; metadata styles as hints."""

    styles: _Styles
    numbers: dict[_Ref, int]
    builder: Builder = field(default_factory=Builder)
    hints: dict[str, list[str]] = field(default_factory=dict)
    table: int | None = None
    rows: list[list[str]] = field(default_factory=list)
    table_marks: list[tuple[int, int, NoteStyle]] = field(default_factory=list)

    def paragraph(self, paragraph: _Paragraph, number: int) -> None:
        lines, marks, italics = self._lines(paragraph)
        if paragraph.table != self.table:
            self.close_table()
        if paragraph.table is not None:
            self._cell(paragraph, number, lines, marks)
            return
        if not lines and not marks:
            return
        role = _role(paragraph, " ".join(lines), self.styles)
        if role == "toc":
            self._add(lines, number)
            self.builder.block("toc", marks=marks)
            return
        if role in ("subtitle", "author", "date", "abstract"):
            self.hints.setdefault(role, []).append(" ".join(lines))
            self._add(lines, number)
            self.builder.block("front_matter", marks=marks)
            return
        if role == "title":
            self.hints.setdefault("title", []).append(" ".join(lines))
        if role in ("title", "heading"):
            self._add([" ".join(lines)], number)
            level = (paragraph.outline + 1) if paragraph.outline is not None and role == "heading" else 1
            self.builder.block("title" if role == "title" else "heading", marks=marks, level=level)
            return
        self._add(lines, number)
        self.builder.block("list_item" if paragraph.listed else "paragraph", marks=marks, italics=italics)

    def _lines(self, paragraph: _Paragraph) -> Laid:
        """The paragraph's lines (split at soft breaks), its marks and its italic spans (see :func:`lay_out`)."""
        lines: list[list[Run]] = [[]]
        for piece in paragraph.pieces:
            if isinstance(piece, _Break):
                lines.append([])
            elif isinstance(piece, _Ref):
                lines[-1].append(self.numbers[piece])
            else:
                lines[-1].append((piece.text, piece.italic))
        return lay_out(lines)

    def _add(self, lines: Sequence[str], number: int) -> None:
        for line in lines:
            self.builder.line(line, number)

    def _cell(
        self, paragraph: _Paragraph, number: int, lines: list[str], marks: list[tuple[int, int, NoteStyle]]
    ) -> None:
        if self.table is None:
            self.table, self.rows = paragraph.table, []
        while len(self.rows) <= paragraph.row:
            self.rows.append([])
        row = self.rows[paragraph.row]
        while len(row) <= paragraph.cell:
            row.append("")
        text = " ".join(lines)
        row[paragraph.cell] = f"{row[paragraph.cell]} {text}".strip()
        if lines:
            base = len(self.builder.pending) + (1 if self.builder.pending else 0)
            self._add([text], number)
            self.table_marks.extend((n, base + at, style) for n, at, style in marks)

    def close_table(self) -> None:
        if self.table is None:
            return
        self.builder.block("table", marks=self.table_marks, cells=self.rows)
        self.table, self.rows, self.table_marks = None, [], []


def _metadata(document: Any, hints: dict[str, list[str]]) -> Metadata:
    """Title, subtitle, authors, date and abstract from the title styles, then the core properties.

    The file's created and modified times are when the file was saved, never a publication date.
    """
    core = document.core_properties
    found: dict[str, object] = {}
    provenance: dict[str, str] = {}

    def put(name: str, value: object, origin: str) -> None:
        if value and name not in found:
            found[name] = value
            provenance[name] = origin

    put("title", plausible_title(" ".join(hints.get("title", []))), "docx-style")
    put("subtitle", " ".join(hints.get("subtitle", [])) or None, "docx-style")
    put("authors", people(n for line in hints.get("author", []) for n in split_names(line)), "docx-style")
    put("date", next((d for d in (parse_date(t) for t in hints.get("date", [])) if d), None), "docx-style")
    put("abstract", " ".join(hints.get("abstract", [])) or None, "docx-style")
    put("title", plausible_title(str(core.title or "")), "docx-core")
    put("authors", people(split_names(str(core.author or ""))), "docx-core")
    return Metadata(**found, provenance=tuple(sorted(provenance.items())))  # type: ignore[arg-type]


_COMMENTS_PART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"


def _comments(document: Any, body: Any) -> tuple[tuple[str, int], ...]:
    """Word comments as (text, paragraph number): where ``briefs check`` reads inline directives."""
    part = next(
        (r.target_part for r in document.part.rels.values() if not r.is_external and str(r.reltype) == _COMMENTS_PART),
        None,
    )
    if part is None:
        return ()
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(part.blob, parser)
    except etree.XMLSyntaxError:
        return ()
    texts = {str(c.get(_ID)): " ".join("".join(str(t) for t in c.itertext()).split()) for c in root.iter(_w("comment"))}
    anchors: dict[str, int] = {}
    for n, p in enumerate(_blocks(body), start=1):
        for el in p.iter(_w("commentRangeStart"), _w("commentReference")):
            anchors.setdefault(str(el.get(_ID)), n)
    return tuple((text, anchors.get(cid, 1)) for cid, text in texts.items() if text)
