"""The PDFium backend (pypdfium2): characters from the text page, rules from the path objects.

Built for speed: every PDFium call goes through a ctypes prototype taking plain integers
(handles, buffer addresses), the page text is read in one call, each character costs two calls
(its text object, its origin), and what the characters of a text object share (font name,
size, baseline, orientation) or of a font (advance widths) is asked once.

Boxes are pdfplumber's (pdfminer's) em boxes, so the layout analysis reads both backends alike:
``x0`` is the glyph's origin and ``x1`` the origin plus its advance width, ``bottom`` is the
baseline plus the font's descent, ``top`` is ``bottom`` minus the size, and the size is the
font size times the text matrix's vertical scale (the size the text is drawn at).  PDFium's own
"loose" box is no use here: it is the em box widened to the glyph's outline.  Coordinates are
points from the top-left corner of the page's visible box (crop box within media box), after
the page's /Rotate: a rotated page is turned upright in memory before its text is read.

What PDFium's text page adds to the content is left out (spaces and line breaks it generates
for gaps); what it leaves out is put back (a space drawn as a text object of its own).
"""

from __future__ import annotations

import ctypes
import os
from collections.abc import Iterator
from ctypes import POINTER, byref, c_double, c_float, c_int, c_ulong, c_ushort, c_void_p
from pathlib import Path
from typing import Any, NamedTuple

import pypdfium2  # type: ignore[import-untyped]  # (initialises the PDFium library)
import pypdfium2.raw as pdfium_c  # type: ignore[import-untyped]

from briefs_analyzer.ingest.pdfchars import (
    RULE_MIN_WIDTH,
    VRULE_MIN_HEIGHT,
    Char,
    PageContent,
    Rule,
    Shape,
    is_rule,
    shape_of,
)
from briefs_analyzer.limits import check_count
from briefs_analyzer.model import BriefError


def _fast(function: Any, restype: Any, *argtypes: Any) -> Any:
    """The same C function, callable with plain ints for handles (no pointer objects per call)."""
    address = ctypes.cast(function, c_void_p).value
    if address is None:  # pragma: no cover - every binding has its symbol
        raise ImportError("PDFium function missing")
    return ctypes.CFUNCTYPE(restype, *argtypes)(address)


_H = c_void_p  # every FPDF_* handle
_load_document = _fast(pdfium_c.FPDF_LoadDocument, _H, ctypes.c_char_p, ctypes.c_char_p)
_close_document = _fast(pdfium_c.FPDF_CloseDocument, None, _H)
_last_error = _fast(pdfium_c.FPDF_GetLastError, c_ulong)
_page_count = _fast(pdfium_c.FPDF_GetPageCount, c_int, _H)
_load_page = _fast(pdfium_c.FPDF_LoadPage, _H, _H, c_int)
_close_page = _fast(pdfium_c.FPDF_ClosePage, None, _H)
_page_box = _fast(pdfium_c.FPDF_GetPageBoundingBox, c_int, _H, POINTER(pdfium_c.FS_RECTF))
_get_rotation = _fast(pdfium_c.FPDFPage_GetRotation, c_int, _H)
_set_rotation = _fast(pdfium_c.FPDFPage_SetRotation, None, _H, c_int)
_set_mediabox = _fast(pdfium_c.FPDFPage_SetMediaBox, None, _H, c_float, c_float, c_float, c_float)
_set_cropbox = _fast(pdfium_c.FPDFPage_SetCropBox, None, _H, c_float, c_float, c_float, c_float)
_count_objects = _fast(pdfium_c.FPDFPage_CountObjects, c_int, _H)
_get_object = _fast(pdfium_c.FPDFPage_GetObject, _H, _H, c_int)
_form_count = _fast(pdfium_c.FPDFFormObj_CountObjects, c_int, _H)
_form_object = _fast(pdfium_c.FPDFFormObj_GetObject, _H, _H, c_ulong)
_object_type = _fast(pdfium_c.FPDFPageObj_GetType, c_int, _H)
_object_matrix = _fast(pdfium_c.FPDFPageObj_GetMatrix, c_int, _H, POINTER(pdfium_c.FS_MATRIX))
_object_transform = _fast(
    pdfium_c.FPDFPageObj_Transform, None, _H, c_double, c_double, c_double, c_double, c_double, c_double
)
_bounds_at = _fast(pdfium_c.FPDFPageObj_GetBounds, c_int, _H, c_void_p, c_void_p, c_void_p, c_void_p)  # by address
_count_segments = _fast(pdfium_c.FPDFPath_CountSegments, c_int, _H)
_get_segment = _fast(pdfium_c.FPDFPath_GetPathSegment, _H, _H, c_int)
_point_at = _fast(pdfium_c.FPDFPathSegment_GetPoint, c_int, _H, c_void_p, c_void_p)  # floats by address
_segment_type = _fast(pdfium_c.FPDFPathSegment_GetType, c_int, _H)
_segment_close = _fast(pdfium_c.FPDFPathSegment_GetClose, c_int, _H)
_load_text = _fast(pdfium_c.FPDFText_LoadPage, _H, _H)
_close_text = _fast(pdfium_c.FPDFText_ClosePage, None, _H)
_count_chars = _fast(pdfium_c.FPDFText_CountChars, c_int, _H)
_get_text = _fast(pdfium_c.FPDFText_GetText, c_int, _H, c_int, c_int, POINTER(c_ushort))
_get_unicode = _fast(pdfium_c.FPDFText_GetUnicode, ctypes.c_uint, _H, c_int)
_is_generated = _fast(pdfium_c.FPDFText_IsGenerated, c_int, _H, c_int)
_text_object = _fast(pdfium_c.FPDFText_GetTextObject, _H, _H, c_int)
_font_size = _fast(pdfium_c.FPDFText_GetFontSize, c_double, _H, c_int)
_char_matrix = _fast(pdfium_c.FPDFText_GetMatrix, c_int, _H, c_int, POINTER(pdfium_c.FS_MATRIX))
_loose_box = _fast(pdfium_c.FPDFText_GetLooseCharBox, c_int, _H, c_int, c_void_p)  # FS_RECTF by address
_char_origin = _fast(pdfium_c.FPDFText_GetCharOrigin, c_int, _H, c_int, POINTER(c_double), POINTER(c_double))
_origin_at = _fast(pdfium_c.FPDFText_GetCharOrigin, c_int, _H, c_int, c_void_p, c_void_p)  # doubles by address
_object_font = _fast(pdfium_c.FPDFTextObj_GetFont, _H, _H)
_object_font_size = _fast(pdfium_c.FPDFTextObj_GetFontSize, c_int, _H, POINTER(c_float))
_font_name = _fast(pdfium_c.FPDFFont_GetBaseFontName, ctypes.c_size_t, _H, ctypes.c_char_p, ctypes.c_size_t)
_glyph_width = _fast(pdfium_c.FPDFFont_GetGlyphWidth, c_int, _H, ctypes.c_uint32, c_float, POINTER(c_float))
_font_embedded = _fast(pdfium_c.FPDFFont_GetIsEmbedded, c_int, _H)
_font_descent = _fast(pdfium_c.FPDFFont_GetDescent, c_int, _H, c_float, POINTER(c_float))

_TEXT, _PATH, _FORM = pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
_IMAGE = pdfium_c.FPDF_PAGEOBJ_IMAGE
_MOVETO, _LINETO = pdfium_c.FPDF_SEGMENT_MOVETO, pdfium_c.FPDF_SEGMENT_LINETO

# PDFium marks a hyphen that ends a line with a control code (0x02 from GetUnicode, U+FFFE from
# GetText); the PDF holds an ordinary hyphen there.  A glyph without a Unicode value is U+FFFD.
_HYPHEN, _MARKED = "\x02", "\ufffe"
_HYPHEN_OR_UNKNOWN = ("\ufffd", "-")
# A line break inside the content is a space to the layout, as a generated one would be.
_LINE_BREAKS = str.maketrans({"\r": " ", "\n": " "})
_EPSILON = 1e-3
_ZERO_WIDTH = 0.01  # PDFium skips text objects narrower than this (kSizeEpsilon)

Matrix = tuple[float, float, float, float, float, float]  # a b c d e f, as in PDF

# A standard font that is not embedded has its metrics from the viewer: PDFium measures its own
# stand-in font, pdfminer takes the Adobe font metrics (its fontmetrics table), whose descents are
# these (at size 1).  Boxes then agree to the hundredth of a point.
_STANDARD_DESCENT = {
    **dict.fromkeys(("Courier", "Courier-Bold", "Courier-BoldOblique", "Courier-Oblique"), -0.194),
    **dict.fromkeys(("Helvetica", "Helvetica-Bold", "Helvetica-BoldOblique", "Helvetica-Oblique"), -0.207),
    **dict.fromkeys(("Times-Roman", "Times-Bold", "Times-BoldItalic", "Times-Italic"), -0.217),
    **dict.fromkeys(("Arial", "Arial,Italic", "Arial,Bold", "Arial,BoldItalic"), -0.207),
    **dict.fromkeys(("CourierNew", "CourierNew,Italic", "CourierNew,Bold", "CourierNew,BoldItalic"), -0.194),
    **dict.fromkeys(
        ("TimesNewRoman", "TimesNewRoman,Italic", "TimesNewRoman,Bold", "TimesNewRoman,BoldItalic"), -0.217
    ),
    "Symbol": 0.0,
    "ZapfDingbats": 0.0,
}


def _open_error(code: int, password: str | None) -> BriefError:
    if code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
        if password:
            return BriefError("encrypted PDF: the password given with --password is wrong")
        return BriefError("encrypted PDF: it needs a password (give it with --password)")
    if code == pdfium_c.FPDF_ERR_FORMAT:
        return BriefError("not a valid PDF (truncated or corrupt): PDFium cannot parse its structure")
    if code == pdfium_c.FPDF_ERR_FILE:
        return BriefError("could not read the PDF (the file cannot be opened)")
    return BriefError(f"could not read the PDF (PDFium error {code})")


class _Turn(NamedTuple):
    """What a rotated or mirrored text object needs for pdfminer's box: its matrix, descent and font."""

    a: float
    b: float
    c: float
    d: float
    descent: float  # in text space (font size applied)
    font: int  # the FPDF_FONT handle, for the advance widths


class _TextObject(NamedTuple):
    """What the characters of one text object share."""

    fontname: str
    size: float  # the font size times the text matrix's vertical scale
    bottom: float  # baseline plus descent, top-down (upright text)
    scale: float  # the font size times the text matrix's horizontal scale (upright text)
    font: int  # the FPDF_FONT handle
    turn: _Turn | None  # for turned (rotated, mirrored) text only


def _multiply(m: Matrix, n: Matrix) -> Matrix:
    """m then n."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _upright_matrix(rotation: int, left: float, bottom: float, right: float, top: float) -> Matrix:
    """Maps user space to an upright page with its visible box at the origin (as pdfminer does)."""
    if rotation == 90:
        return (0, -1, 1, 0, -bottom, right)
    if rotation == 180:
        return (-1, 0, 0, -1, right, top)
    if rotation == 270:
        return (0, 1, -1, 0, top, -left)
    return (1, 0, 0, 1, -left, -bottom)


class PdfiumBackend:
    name = "pdfium"

    def info(self, path: Path, *, password: str | None = None) -> dict[str, str]:
        try:
            doc = pypdfium2.PdfDocument(path, password=password)
        except pypdfium2.PdfiumError:
            return {}
        try:
            return {k.lower(): str(v) for k, v in doc.get_metadata_dict().items() if v}
        finally:
            doc.close()

    def pages(self, path: Path, *, password: str | None = None, max_pages: int | None = None) -> Iterator[PageContent]:
        doc = _load_document(os.fsencode(path), password.encode("utf-8") if password else None)
        if not doc:
            raise _open_error(_last_error(), password)
        try:
            count = _page_count(doc)
            if max_pages is not None:
                check_count("pages", count, max_pages, "max_pages")
            for index in range(count):
                page = _load_page(doc, index)
                if not page:
                    raise BriefError(f"not a valid PDF (page {index + 1} is damaged: PDFium cannot load it)")
                try:
                    content = _read_page(page, index + 1)
                finally:
                    _close_page(page)
                yield content
        finally:
            _close_document(doc)


def _read_page(page: int, number: int) -> PageContent:
    box = pdfium_c.FS_RECTF()
    _page_box(page, byref(box))
    left, bottom, right, top = box.left, box.bottom, box.right, box.top
    rotation = _get_rotation(page) * 90
    width, height = right - left, top - bottom
    if rotation:
        if rotation in (90, 270):
            width, height = height, width
        _turn_upright(page, _upright_matrix(rotation, left, bottom, right, top), width, height)
        left, bottom, top = 0.0, 0.0, height
    textpage = _load_text(page)
    if not textpage:
        raise BriefError(f"not a valid PDF (page {number} is damaged: PDFium cannot read its text)")
    try:
        chars = _chars(textpage, left, top)
    finally:
        _close_text(textpage)
    rules, spaces, shapes = _page_objects(page, left, top)
    return PageContent(number, width, height, chars + spaces, rules, shapes)


def _turn_upright(page: int, matrix: Matrix, width: float, height: float) -> None:
    """Rotate the page's objects (in memory only) so that the page reads upright with rotation 0."""
    for i in range(_count_objects(page)):
        _object_transform(_get_object(page, i), *matrix)
    _set_rotation(page, 0)
    _set_mediabox(page, 0, 0, width, height)
    _set_cropbox(page, 0, 0, width, height)


def _page_text(textpage: int, count: int) -> str:
    """The text of the page, one character per char index (the char at i is text[i])."""
    buffer = (c_ushort * (count + 1))()
    written = _get_text(textpage, 0, count, buffer)
    text = bytes(buffer)[: 2 * max(written - 1, 0)].decode("utf-16-le", errors="replace")
    if len(text) != count:
        # Characters outside the BMP (two UTF-16 units) or left out of the text: ask one by one.
        text = "".join(chr(_get_unicode(textpage, i)) for i in range(count))
    if _MARKED in text or _HYPHEN in text:
        # U+FFFE stands for a hyphen that ends a line (PDFium's char is then 0x02) or for a
        # glyph with no Unicode value (0).
        text = "".join(
            (_HYPHEN_OR_UNKNOWN[_get_unicode(textpage, i) == 2] if ch in (_MARKED, _HYPHEN) else ch)
            for i, ch in enumerate(text)
        )
    return text.translate(_LINE_BREAKS)


class _Font(NamedTuple):
    handle: int  # FPDF_FONT
    name: str
    descent: float  # at size 1, negative: below the baseline


def _font(handle: int, fonts: dict[int, _Font]) -> _Font:
    font = _object_font(handle)
    known = fonts.get(font)
    if known is None:
        name = ctypes.create_string_buffer(128)
        needed = _font_name(font, name, 128)
        if needed > 128:
            name = ctypes.create_string_buffer(needed)
            _font_name(font, name, needed)
        fontname = name.value.decode("utf-8", errors="replace")
        descent = c_float()
        if not _font_descent(font, 1.0, byref(descent)):
            descent.value = 0.0
        if fontname in _STANDARD_DESCENT and _font_embedded(font) == 0:
            descent.value = _STANDARD_DESCENT[fontname]
        known = fonts[font] = _Font(font, fontname, descent.value)
    return known


def _object_info(textpage: int, index: int, handle: int, fonts: dict[int, _Font], top: float) -> _TextObject:
    """Font name, size and bottom shared by the characters of the text object holding char ``index``."""
    m = pdfium_c.FS_MATRIX()
    _char_matrix(textpage, index, byref(m))
    font = _font(handle, fonts)
    font_size = _font_size(textpage, index)
    if abs(m.b) < _EPSILON and abs(m.c) < _EPSILON and m.a > 0 and m.d > 0:
        x, y = c_double(), c_double()
        _char_origin(textpage, index, byref(x), byref(y))
        size = font_size * m.d
        # pdfminer's box: from the baseline plus the font's descent, one font size high.
        return _TextObject(font.name, size, top - (y.value + font.descent * size), font_size * m.a, font.handle, None)
    turn = _Turn(m.a, m.b, m.c, m.d, font.descent * font_size, font.handle)
    return _TextObject(font.name, font_size, 0.0, 0.0, font.handle, turn)


def _chars(textpage: int, left: float, top: float) -> list[Char]:
    """The page's characters, in PDFium's order, in top-down coordinates."""
    count = _count_chars(textpage)
    if count <= 0:
        return []
    text = _page_text(textpage, count)
    objects: dict[int, _TextObject] = {}
    fonts: dict[int, _Font] = {}
    advances: dict[int, dict[str, float]] = {}  # font -> char -> advance width at size 1
    point = (c_double * 2)()
    x_at, y_at = ctypes.addressof(point), ctypes.addressof(point) + ctypes.sizeof(c_double)
    # This loop runs for every character: locals only, two PDFium calls, one tuple.
    text_object, char_origin, is_generated, new, char = _text_object, _origin_at, _is_generated, tuple.__new__, Char
    chars: list[Char] = []
    append = chars.append
    last = last_piece = 0
    last_x0 = -1.0
    fontname, size, bottom, scale, font, turn = "", 0.0, 0.0, 0.0, 0, None
    widths: dict[str, float] = {}
    for i, ch in enumerate(text):
        handle = text_object(textpage, i)
        if not handle:
            continue  # generated by PDFium (a space for a gap, a line break): not in the content
        if handle != last:
            info = objects.get(handle)
            if info is None:
                info = objects[handle] = _object_info(textpage, i, handle, fonts, top)
            fontname, size, bottom, scale, font, turn = info
            widths = advances.setdefault(font, {})
            last = handle
        if ch == " " and is_generated(textpage, i):
            continue  # a space PDFium put in for a wide kerning gap inside a text object
        if turn is not None:
            append(_turned_char(textpage, i, ch, fontname, size, turn, left, top))
            continue
        char_origin(textpage, i, x_at, y_at)
        x0 = point[0] - left
        if x0 == last_x0 and handle == last_piece:
            # Another letter of the glyph before (PDFium splits a ligature "ﬀ" into "f", "f"): one
            # char "ff" spanning the whole glyph, as pdfminer reads it.  Two chars "f" at one place
            # would be taken for a glyph drawn twice (fake bold) and read once: "afected".
            x1 = max(_loose_right(textpage, i) - left, chars[-1].x1)
            chars[-1] = chars[-1]._replace(text=chars[-1].text + ch, x1=x1)
            continue
        advance = widths.get(ch)
        if advance is None:
            advance = widths[ch] = _advance(font, ch)
        # no width for this char in its font: the right edge of PDFium's loose box
        x1 = x0 + advance * scale if advance >= 0 else _loose_right(textpage, i) - left
        append(new(char, (ch, fontname, size, x0, x1, bottom - size, bottom)))
        last_x0, last_piece = x0, handle
    return chars


def _advance(font: int, ch: str) -> float:
    """The advance width of ``ch`` in ``font`` at size 1, or -1 if the font cannot tell."""
    if len(ch) != 1:
        return -1.0
    width = c_float()
    if not _glyph_width(font, ord(ch), 1.0, byref(width)) or (width.value <= 0 and ch != " "):
        return -1.0
    return width.value


def _loose_right(textpage: int, index: int) -> float:
    rect = pdfium_c.FS_RECTF()
    _loose_box(textpage, index, ctypes.addressof(rect))
    return float(rect.right)


def _turned_char(
    textpage: int, index: int, ch: str, fontname: str, font_size: float, turn: _Turn, left: float, top: float
) -> Char:
    """A rotated or mirrored character: pdfminer's em box turned by the text matrix, its size the box's height."""
    a, b, c, d, descent, font = turn
    x, y = c_double(), c_double()
    _char_origin(textpage, index, byref(x), byref(y))
    width = c_float()
    advance = width.value if _glyph_width(font, ord(ch[:1] or " "), font_size, byref(width)) else 0.0
    xs, ys = [], []
    for u, v in ((0.0, descent), (advance, descent), (0.0, descent + font_size), (advance, descent + font_size)):
        xs.append(x.value + a * u + c * v)
        ys.append(y.value + b * u + d * v)
    char_top, char_bottom = top - max(ys), top - min(ys)
    return Char(ch, fontname, char_bottom - char_top, min(xs) - left, max(xs) - left, char_top, char_bottom)


# ---------------------------------------------------------------------------------------
# rules: lines and thin rectangles, as pdfminer reads them (one per subpath)
# ---------------------------------------------------------------------------------------

_IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)


def _page_objects(page: int, left: float, top: float) -> tuple[list[Rule], list[Char], list[Shape]]:
    """The page's rules, the spaces PDFium's text page leaves out (text objects of no width), and
    its shapes (images, rectangles, vertical rules, the boxes of other paths), as pdfminer sees them.

    Every object of the page is looked at (those inside form XObjects too), so this is
    written for speed as well: one type and one bounds call per object, the bounds read
    from a buffer, most objects dismissed on their width alone.
    """
    rules: list[Rule] = []
    spaces: list[Char] = []
    shapes: list[Shape] = []
    fonts: dict[int, _Font] = {}
    bounds = (c_float * 4)()  # left, bottom, right, top
    at = [ctypes.addressof(bounds) + k * ctypes.sizeof(c_float) for k in range(4)]
    object_type, object_bounds, get_object = _object_type, _bounds_at, _get_object
    stack: list[tuple[int, Matrix]] = [
        (get_object(page, i), _IDENTITY) for i in range(_count_objects(page) - 1, -1, -1)
    ]
    while stack:
        handle, outer = stack.pop()
        kind = object_type(handle)
        if kind in (_TEXT, _PATH):
            if not object_bounds(handle, *at):
                continue
            width = bounds[2] - bounds[0]
            if kind == _TEXT:
                if width < _ZERO_WIDTH:
                    space = _lone_space(handle, outer, left, top, fonts)
                    if space is not None:
                        spaces.append(space)
            elif (
                width >= RULE_MIN_WIDTH - 1
                or bounds[3] - bounds[1] >= VRULE_MIN_HEIGHT
                or outer != _IDENTITY  # bounds of an object in a form are in its space
            ):
                _path_rules(handle, outer, left, top, rules, shapes)
        elif kind == _IMAGE:
            if object_bounds(handle, *at):
                x0, y0, x1, y1 = _transform_box((bounds[0], bounds[1], bounds[2], bounds[3]), outer)
                shape = shape_of("image", x0 - left, x1 - left, top - y1, top - y0)
                if shape is not None:
                    shapes.append(shape)
        elif kind == _FORM:
            inner = _multiply(_matrix_of(handle), outer)
            stack.extend((_form_object(handle, i), inner) for i in range(_form_count(handle) - 1, -1, -1))
    return rules, spaces, shapes


def _transform_box(box: tuple[float, float, float, float], m: Matrix) -> tuple[float, float, float, float]:
    """The bounding box of ``box`` (x0, y0, x1, y1) mapped by ``m``."""
    a, b, c, d, e, f = m
    xs, ys = [], []
    for x, y in ((box[0], box[1]), (box[0], box[3]), (box[2], box[1]), (box[2], box[3])):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return min(xs), min(ys), max(xs), max(ys)


def _matrix_of(handle: int) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not _object_matrix(handle, byref(m)):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _lone_space(handle: int, outer: Matrix, left: float, top: float, fonts: dict[int, _Font]) -> Char | None:
    """A text object with no width (a space drawn on its own), which PDFium's text page skips."""
    a, b, c, d, e, f = _multiply(_matrix_of(handle), outer)
    if abs(b) >= _EPSILON or abs(c) >= _EPSILON or a <= 0 or d <= 0:
        return None
    font_size = c_float()
    if not _object_font_size(handle, byref(font_size)) or font_size.value <= 0:
        return None
    font = _font(handle, fonts)
    size = font_size.value * d
    advance = max(_advance(font.handle, " "), 0.0) * font_size.value * a
    bottom = top - (f + font.descent * size)
    return Char(" ", font.name, size, e - left, e - left + advance, bottom - size, bottom)


def _path_rules(handle: int, outer: Matrix, left: float, top: float, rules: list[Rule], shapes: list[Shape]) -> None:
    matrix = _multiply(_matrix_of(handle), outer)
    for points in _subpaths(handle, matrix):
        if points is None:  # a long subpath (a chart's curve): the path's box stands for it
            bounds = (c_float * 4)()
            at = [ctypes.addressof(bounds) + k * ctypes.sizeof(c_float) for k in range(4)]
            if _bounds_at(handle, *at):
                corners = (bounds[0], bounds[1], bounds[2], bounds[3])
                x0, y0, x1, y1 = _transform_box(corners, outer) if outer != _IDENTITY else corners
                shape = shape_of("path", x0 - left, x1 - left, top - y1, top - y0)
                if shape is not None:
                    shapes.append(shape)
            continue
        box = _line_or_rect(points)
        if box is not None:
            bx0, by0, bx1, by1 = box
            rule = Rule(bx0 - left, bx1 - left, top - by1, top - by0)
            if is_rule(*rule):
                rules.append(rule)
            shape = shape_of("rect", *rule)
        else:
            xs, ys = [px for _, px, _ in points], [py for _, _, py in points]
            shape = shape_of("path", min(xs) - left, max(xs) - left, top - max(ys), top - min(ys))
        if shape is not None:
            shapes.append(shape)


_MAX_SEGMENTS = 5  # a line has 2 segments, a rectangle 4 or 5: longer subpaths are never rules


def _subpaths(handle: int, matrix: Matrix) -> Iterator[list[tuple[str, float, float]] | None]:
    """Each subpath short enough to be a line or a rectangle, as pdfminer sees it: ('m'|'l'|'c'|'h', x, y);
    None for a longer one (once per path).

    The segment types are read first; the points only for the short subpaths (a chart can
    hold thousands of segments in one path).
    """
    segments = [_get_segment(handle, i) for i in range(_count_segments(handle))]
    kinds = [_segment_type(segment) for segment in segments]
    starts = [i for i, kind in enumerate(kinds) if kind == _MOVETO or i == 0]
    a, b, c, d, e, f = matrix
    point = (c_float * 2)()
    x_at, y_at = ctypes.addressof(point), ctypes.addressof(point) + ctypes.sizeof(c_float)
    long_seen = False
    for start, end in zip(starts, [*starts[1:], len(segments)], strict=True):
        if end - start > _MAX_SEGMENTS:
            if not long_seen:
                long_seen = True
                yield None
            continue
        current: list[tuple[str, float, float]] = []
        for i in range(start, end):
            _point_at(segments[i], x_at, y_at)
            x, y = point[0], point[1]
            px, py = a * x + c * y + e, b * x + d * y + f
            current.append(("m" if i == start else "l" if kinds[i] == _LINETO else "c", px, py))
            if _segment_close(segments[i]):
                current.append(("h", current[0][1], current[0][2]))
        yield current


def _same(p: tuple[float, float], q: tuple[float, float]) -> bool:
    return abs(p[0] - q[0]) < 0.01 and abs(p[1] - q[1]) < 0.01


def _line_or_rect(path: list[tuple[str, float, float]]) -> tuple[float, float, float, float] | None:
    """The bounding box of a straight line or an axis-aligned rectangle (pdfminer's LTLine, LTRect)."""
    shape = "".join(op for op, _, _ in path)
    pts = [(px, py) for _, px, py in path]
    if len(shape) > 3 and shape.endswith("lh") and _same(pts[-2], pts[0]):
        shape = shape[:-2] + "h"
        pts.pop(-2)
    if shape in ("ml", "mlh"):
        (x0, y0), (x1, y1) = pts[0], pts[1]
    elif shape in ("mlllh", "mllll"):
        if not _same(pts[0], pts[4]):
            return None
        (x0, y0), (x1, y1), (x2, y2), (x3, y3) = pts[:4]
        square = (abs(x0 - x1) < 0.01 and abs(y1 - y2) < 0.01 and abs(x2 - x3) < 0.01 and abs(y3 - y0) < 0.01) or (
            abs(y0 - y1) < 0.01 and abs(x1 - x2) < 0.01 and abs(y2 - y3) < 0.01 and abs(x3 - x0) < 0.01
        )
        if not square:
            return None
        x1, y1 = x2, y2
    else:
        return None
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)
