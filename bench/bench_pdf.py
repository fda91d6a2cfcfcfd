"""PDF stage speed: our ingestion against pdfplumber's bare character extraction.

Prints, measured in one run on the same PDFs, seconds per page for
  bare:  pdfplumber.open(path); [page.chars for page in pdf.pages]
  ours:  read_pdf(path) (characters, rules, layout analysis -> Document)
and their ratio.  Target: ours / bare <= 1.3.

Usage: python bench/bench_pdf.py [PDF_OR_FOLDER ...]   (default: tests/data/real)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pdfplumber

from briefs_analyzer.ingest.pdf import read_pdf
from briefs_analyzer.ingest.pdfplumber_backend import PdfplumberBackend

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "data" / "real"


def bare(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            _ = page.chars
            page.close()
        return len(pdf.pages)


def ours(path: Path) -> int:
    doc = read_pdf(path, backend=PdfplumberBackend())  # issue 4 compares the pdfplumber stage with pdfplumber
    return len({line.page for line in doc.lines})


def main(argv: list[str]) -> None:
    targets = [Path(a) for a in argv] or [DEFAULT]
    pdfs = sorted(p for t in targets for p in ([t] if t.is_file() else t.glob("*.pdf")))
    if not pdfs:
        sys.exit("no PDFs found")
    pages = 0
    t_bare = t_ours = 0.0
    for pdf in pdfs:
        start = time.perf_counter()
        pages += bare(pdf)
        t_bare += time.perf_counter() - start
        start = time.perf_counter()
        ours(pdf)
        t_ours += time.perf_counter() - start
    print(f"PDFs: {len(pdfs)}, pages: {pages}")
    print(
        f"pdfplumber page.chars : {t_bare:8.2f} s  {1000 * t_bare / pages:7.2f} ms/page  {pages / t_bare:7.1f} pages/s"
    )
    print(
        f"briefs PDF stage      : {t_ours:8.2f} s  {1000 * t_ours / pages:7.2f} ms/page  {pages / t_ours:7.1f} pages/s"
    )
    print(f"ratio ours/bare       : {t_ours / t_bare:8.2f}   (target <= 1.30)")


if __name__ == "__main__":
    main(sys.argv[1:])
