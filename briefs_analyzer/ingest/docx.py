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
import io
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lxml import etree

from briefs_analyzer.ingest.bounded import check_package
from briefs_analyzer.ingest.document import Builder, Document, Laid, Run, lay_out, merge_spans, read_bytes, squeeze
from briefs_analyzer.limits import DEFAULT_LIMITS, LimitExceeded, Limits
from briefs_analyzer.model import BriefError, NoteStyle
from briefs_analyzer.patterns import TERMINAL_PUNCT
from briefs_analyzer.rules import TRACKED_CHANGES

from .docxparts import (
    BREAK_TAGS,
    DEL,
    ENDNOTE_REF,
    FOOTNOTE_REF,
    HEADING_MAX_CHARS,
    HEADING_MAX_WORDS,
    ID,
    MOVE_FROM,
    OLE_MAGIC,
    PPR,
    PSTYLE,
    RPR,
    RSTYLE,
    RT_ENDNOTES,
    RT_FOOTNOTES,
    SKIP,
    SPACE_TAGS,
    TRACKED,
    TYPE,
    VAL,
    M,
    R,
    Styles,
    T,
    cell_places,
    package_metadata,
    paragraphs_in,
    qn,
    read_styles,
    style_flag,
    word_comments,
)

# --- reading the package -------------------------------------------------------------------


def _open(path: Path, limits: Limits) -> tuple[bytes, Any]:
    data = read_bytes(path, limits)
    if not data:
        raise BriefError("file is empty")
    if data.startswith(OLE_MAGIC):
        if "WordDocument".encode("utf-16-le") in data and "EncryptedPackage".encode("utf-16-le") not in data:
            raise BriefError("a Word 97-2003 .doc file, not a .docx: save it as .docx in Word first")
        raise BriefError("encrypted Word document: remove the password in Word first")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, EOFError) as exc:
        raise BriefError("not a Word document (not a zip file)") from exc
    with archive:
        names = set(archive.namelist())
        try:
            check_package(archive, limits)
        except LimitExceeded:
            raise
        except Exception as exc:
            raise BriefError(f"damaged Word document: {exc}") from exc
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (KeyError, ValueError, PackageNotFoundError) as exc:
        if "word/document.xml" not in names:
            raise BriefError("a zip file, but not a Word document (no word/document.xml)") from exc
        raise BriefError(f"damaged Word document: {exc}") from exc
    except (etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise BriefError(f"damaged Word document: {exc}") from exc
    return data, document


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
    def __init__(self, styles: Styles) -> None:
        self.styles = styles
        self.deleted_refs: list[_Ref] = []

    def paragraph(self, p: Any, number: int) -> _Paragraph:
        ppr = p.find(PPR)
        style_el = ppr.find(PSTYLE) if ppr is not None else None
        style = str(style_el.get(VAL)) if style_el is not None else self.styles.default_paragraph
        outline_el = ppr.find(qn("outlineLvl")) if ppr is not None else None
        outline = self.styles.first(style, "outline")
        if outline_el is not None and str(outline_el.get(VAL)).isdigit():
            outline = int(outline_el.get(VAL))
        mark = ppr.find(RPR) if ppr is not None else None
        mark_deleted = mark is not None and (mark.find(DEL) is not None or mark.find(MOVE_FROM) is not None)
        listed = ppr is not None and ppr.find(qn("numPr")) is not None
        pieces: list[Piece] = []
        self.inline(p, pieces, style)
        return _Paragraph(number, pieces, style, outline, mark_deleted, listed)

    def inline(self, parent: Any, out: list[Piece], style: str | None) -> None:
        for child in parent:
            tag = child.tag
            if not isinstance(tag, str) or tag in SKIP:
                continue
            if tag in (DEL, MOVE_FROM):
                self.deleted_refs.extend(self._refs(child))
            elif tag == R:
                self.run(child, out, style)
            elif tag == f"{{{M}}}t":
                out.append(_Text(child.text or "", False, False))
            else:  # ins, moveTo, hyperlink, smartTag, customXml, fldSimple, sdt, sdtContent, math ...
                self.inline(child, out, style)

    @staticmethod
    def _refs(el: Any) -> Iterator[_Ref]:
        for ref in el.iter(FOOTNOTE_REF, ENDNOTE_REF):
            yield _Ref("footnote" if ref.tag == FOOTNOTE_REF else "endnote", str(ref.get(ID)))

    def run(self, r: Any, out: list[Piece], style: str | None) -> None:
        rpr = r.find(RPR)
        if style_flag(rpr, "vanish") or style_flag(rpr, "specVanish"):
            return  # hidden text
        char_style_el = rpr.find(RSTYLE) if rpr is not None else None
        char_style = str(char_style_el.get(VAL)) if char_style_el is not None else None

        def resolved(tag: str, attr: str) -> bool:
            for value in (style_flag(rpr, tag), self.styles.first(char_style, attr), self.styles.first(style, attr)):
                if value is not None:
                    return bool(value)
            return False

        bold, italic = resolved("b", "bold"), resolved("i", "italic")
        for child in r:
            tag = child.tag
            if tag == T:
                out.append(_Text(child.text or "", bold, italic))
            elif tag in SPACE_TAGS:
                out.append(_Text(" ", bold, italic))
            elif tag in BREAK_TAGS:
                kind = child.get(TYPE)
                out.append(_BREAK if kind in (None, "textWrapping") else _Text(" ", bold, italic))
            elif tag == qn("noBreakHyphen"):
                out.append(_Text("-", bold, italic))
            elif tag == FOOTNOTE_REF:
                out.append(_Ref("footnote", str(child.get(ID))))
            elif tag == ENDNOTE_REF:
                out.append(_Ref("endnote", str(child.get(ID))))


_META_STYLES = {"title": "title", "subtitle": "subtitle", "author": "author", "date": "date", "abstract": "abstract"}


def _role(paragraph: _Paragraph, text: str, styles: Styles) -> str | None:
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
    if not words or len(words) > HEADING_MAX_WORDS or len(text) > HEADING_MAX_CHARS:
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
        kind = {RT_FOOTNOTES: "footnote", RT_ENDNOTES: "endnote"}.get(str(rel.reltype))
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
        for note in root.findall(qn(kind)):
            note_id = str(note.get(ID))
            if note.get(TYPE) not in (None, "normal") or (note_id.lstrip("-").isdigit() and int(note_id) <= 0):
                continue
            notes[_Ref(kind, note_id)] = [reader.paragraph(p, 0).pieces for p in paragraphs_in(note)]
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


def read_docx(path: Path, *, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read a Word brief into a :class:`Document`.  Raises :class:`BriefError` with a reason a person can act on."""
    data, document = _open(path, limits)
    from docx.enum.style import WD_STYLE_TYPE

    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    styles = Styles(read_styles(document), str(default.style_id) if default is not None else None)
    reader = _Reader(styles)
    body = document.element.body
    cells = cell_places(body)
    paragraphs = []
    for n, p in enumerate(paragraphs_in(body), start=1):
        paragraph = reader.paragraph(p, n)
        if p in cells:
            paragraph.table, paragraph.row, paragraph.cell = cells[p]
        paragraphs.append(paragraph)
    parts = _note_parts(document)
    notes = _notes(parts, reader)
    changed = next(
        (n for n, p in enumerate(paragraphs_in(body), start=1) if next(p.iter(*TRACKED), None) is not None), None
    )
    tracked = any(next(root.iter(*TRACKED), None) is not None for root in (body, *parts.values()))

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
        metadata=package_metadata(document, out.hints),
        directives=word_comments(document, body),
    )


def _has_text(pieces: Sequence[Piece]) -> bool:
    return any(isinstance(p, _Ref) or (isinstance(p, _Text) and p.text.strip()) for p in pieces)


@dataclass
class _Out:
    """Turns paragraphs into blocks: headings, paragraphs, list items, tables; metadata styles as hints."""

    styles: Styles
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
