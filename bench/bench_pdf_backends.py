"""PDF backends compared: pdfium (pypdfium2) against pdfplumber, on the same PDFs in one run.

Prints pages per second for each backend's
  chars:  list(backend.pages(path))            (characters and rules, what the backend does)
  full:   read_pdf(path, backend=backend)      (the above plus the layout analysis -> Document)
and the ratio pdfium / pdfplumber for both.  Target: pdfium >= 10x pdfplumber's pages/s.

Each PDF is read by both backends in turn (pdfplumber first), so both see the same disk cache.

Usage: python bench/bench_pdf_backends.py [PDF_OR_FOLDER ...]   (default: tests/data/real)
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

from briefs_analyzer.ingest.pdf import read_pdf
from briefs_analyzer.ingest.pdfchars import PdfBackend
from briefs_analyzer.ingest.pdfium_backend import PdfiumBackend
from briefs_analyzer.ingest.pdfplumber_backend import PdfplumberBackend

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "data" / "real"
TARGET = 10.0


def chars(backend: PdfBackend, path: Path) -> int:
    return sum(1 for _ in backend.pages(path))


def full(backend: PdfBackend, path: Path) -> int:
    read_pdf(path, backend=backend)
    return 0


def timed(run: Callable[[PdfBackend, Path], int], backend: PdfBackend, path: Path) -> tuple[float, int]:
    start = time.perf_counter()
    result = run(backend, path)
    return time.perf_counter() - start, result


def pdfs_in(targets: list[Path]) -> list[Path]:
    return sorted(p for t in targets for p in ([t] if t.is_file() else t.glob("*.pdf")))


def measure(pdfs: list[Path]) -> tuple[int, dict[tuple[str, str], float]]:
    """Pages read, and seconds per (backend, "chars" | "full"), each PDF by both in turn."""
    backends: list[PdfBackend] = [PdfplumberBackend(), PdfiumBackend()]
    seconds = {(b.name, kind): 0.0 for b in backends for kind in ("chars", "full")}
    pages = 0
    for pdf in pdfs:
        for backend in backends:
            spent, count = timed(chars, backend, pdf)
            seconds[backend.name, "chars"] += spent
            if backend.name == "pdfplumber":
                pages += count
            spent, _ = timed(full, backend, pdf)
            seconds[backend.name, "full"] += spent
    return pages, seconds


def report(pdfs: list[Path]) -> None:
    """Measure ``pdfs`` with both backends and print pages/s and the ratios."""
    pages, seconds = measure(pdfs)
    print(f"PDFs: {len(pdfs)}, pages: {pages}")
    for kind, label in (("chars", "characters + rules"), ("full", "read_pdf (+ layout)")):
        rates = {name: pages / seconds[name, kind] for name in ("pdfplumber", "pdfium")}
        for name, rate in rates.items():
            spent = seconds[name, kind]
            print(f"{name:10} {label:20}: {spent:7.2f} s  {1000 * spent / pages:7.2f} ms/page  {rate:7.1f} pages/s")
        ratio = rates["pdfium"] / rates["pdfplumber"]
        verdict = "ok" if ratio >= TARGET else "below target"
        print(f"ratio pdfium/pdfplumber {label:20}: {ratio:6.1f}x   (target >= {TARGET:.0f}x: {verdict})")


def main(argv: list[str]) -> None:
    pdfs = pdfs_in([Path(a) for a in argv] or [DEFAULT])
    if not pdfs:
        sys.exit("no PDFs found")
    report(pdfs)


if __name__ == "__main__":
    main(sys.argv[1:])
