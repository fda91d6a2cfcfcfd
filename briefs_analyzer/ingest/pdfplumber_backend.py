"""The pdfplumber backend: characters from ``page.chars``, rules from ``page.lines`` and ``page.rects``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException

from briefs_analyzer.ingest.pdfchars import Char, PageContent, Rule, is_rule, shape_of
from briefs_analyzer.limits import check_count
from briefs_analyzer.model import BriefError

# pdfminer leaves WinAnsi codes its table lacks unread, as "(cid:N)"; the PDF standard (ISO
# 32000-1, Annex D, note 6) reads code 127 as a bullet, as PDFium does.
UNREAD = {"(cid:127)": "•"}


def _open_error(exc: BaseException, password: str | None) -> BriefError:
    cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
    if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
        if password:
            return BriefError("encrypted PDF: the password given with --password is wrong")
        return BriefError("encrypted PDF: it needs a password (give it with --password)")
    if isinstance(cause, PDFSyntaxError | PSException):
        return BriefError(f"not a valid PDF (truncated or corrupt): {cause}")
    return BriefError(f"could not read the PDF ({type(cause).__name__}: {cause})")


class PdfplumberBackend:
    name = "pdfplumber"

    def info(self, path: Path, *, password: str | None = None) -> dict[str, str]:
        try:
            with pdfplumber.open(path, password=password or "") as pdf:
                raw = dict(pdf.metadata)
        except Exception:  # noqa: BLE001 - no information dictionary is no metadata, never a failure
            return {}
        out = {}
        for key, value in raw.items():
            text = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
            if isinstance(text, str) and text:
                out[key.lower()] = text
        return out

    def pages(self, path: Path, *, password: str | None = None, max_pages: int | None = None) -> Iterator[PageContent]:
        try:
            pdf = pdfplumber.open(path, password=password or "")
        except Exception as exc:
            raise _open_error(exc, password) from exc
        with pdf:
            try:
                count = len(pdf.pages)
            except Exception as exc:
                raise _open_error(exc, password) from exc
            if max_pages is not None:
                check_count("pages", count, max_pages, "max_pages")
            for index in range(count):
                try:
                    page = pdf.pages[index]
                    chars = [
                        Char(
                            UNREAD.get(c["text"]) or c["text"],
                            c.get("fontname", ""),
                            float(c["size"]),
                            c["x0"],
                            c["x1"],
                            c["top"],
                            c["bottom"],
                        )
                        for c in page.chars
                    ]
                    rules = [
                        Rule(o["x0"], o["x1"], o["top"], o["bottom"])
                        for o in (*page.lines, *page.rects)
                        if is_rule(o["x0"], o["x1"], o["top"], o["bottom"])
                    ]
                    found = [
                        *(shape_of("image", o["x0"], o["x1"], o["top"], o["bottom"]) for o in page.images),
                        *(
                            shape_of("rect", o["x0"], o["x1"], o["top"], o["bottom"])
                            for o in (*page.rects, *page.lines)
                        ),
                        *(shape_of("path", o["x0"], o["x1"], o["top"], o["bottom"]) for o in page.curves),
                    ]
                    shapes = [shape for shape in found if shape is not None]
                    width, height = float(page.width), float(page.height)
                    page.close()
                except Exception as exc:
                    raise BriefError(f"not a valid PDF (page {index + 1} is damaged: {type(exc).__name__})") from exc
                yield PageContent(index + 1, width, height, chars, rules, shapes)
