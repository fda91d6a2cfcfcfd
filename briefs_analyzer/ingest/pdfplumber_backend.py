"""The pdfplumber backend: characters from ``page.chars``, rules from ``page.lines`` and ``page.rects``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psparser import PSException
from pdfplumber.utils.exceptions import PdfminerException

from briefs_analyzer.ingest.pdfchars import Char, PageContent, Rule, is_rule
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

    def pages(self, path: Path, *, password: str | None = None) -> Iterator[PageContent]:
        try:
            pdf = pdfplumber.open(path, password=password or "")
        except Exception as exc:
            raise _open_error(exc, password) from exc
        with pdf:
            try:
                count = len(pdf.pages)
            except Exception as exc:
                raise _open_error(exc, password) from exc
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
                    width, height = float(page.width), float(page.height)
                    page.close()
                except Exception as exc:
                    raise BriefError(f"not a valid PDF (page {index + 1} is damaged: {type(exc).__name__})") from exc
                yield PageContent(index + 1, width, height, chars, rules)
