"""The layout zoo: the seeds and the real Markdown reports rendered in the layouts briefs come in.

Sources (:class:`Source`): each seed as pandoc Markdown with YAML front matter and real footnotes
``[^n]`` (:func:`seed_markdown`), and each real Markdown report of ``tests/data/real/`` as its own
text.  Layouts (:data:`LAYOUTS`), each made by the programs a writer would use:

====================  ===================================================================================
``markdown-yaml``     the Markdown source itself (``.md``)
``word``              pandoc ``.docx``: Title/Author/Date paragraph styles, core properties, real footnotes
``page-citation``     pandoc standalone HTML with ``citation_*`` meta tags
``page-jsonld``       the same page with a schema.org ``Report`` in JSON-LD instead
``latex-1col``        pandoc -> pdflatex, article class, footnotes at the page foot
``latex-2col``        the same, ``twocolumn``: footnotes at the foot of each column
``latex-3col``        narrow margins, three ``multicol`` columns, footnotes across the page foot
``latex-endnotes``    the footnotes gathered at the end under "Notes" (``1. text``), ``endnotes`` package
``browser``           the pandoc page printed by headless Chromium: notes a numbered list after a rule,
                      each with a ``↩`` back-link, no heading (pandoc's default)
``browser-heading``   the same with a "Notes" heading above the list, as many sites print it
``libreoffice``       the ``.docx`` converted by LibreOffice (``soffice --convert-to pdf``), page-foot notes
``libreoffice-2col``  the same ``.docx`` set in two columns (Word's Columns > Two): notes at each column's foot
====================  ===================================================================================

Every rendering is cached outside the repository, in ``$BRIEFS_ZOO_CACHE`` (default
``~/.cache/briefs-zoo/``), under a key that hashes the source text, the layout's recipe (its
options and the code of its builder) and the versions of the programs it runs, so a change to any
of them rebuilds that rendering and nothing else.  A file appears in the cache only once complete
(built in a temporary folder, then renamed), so an interrupted or concurrent build never leaves
half a PDF behind.  Nothing is downloaded: Chromium runs with the network mapped to nowhere.

Cost, measured on the project's machine (2 cores, shared with other jobs: load 5 to 12): cold,
the first 42 renderings (2 seeds x 11 layouts, 4 reports x 5 PDF layouts) took about 25 s of
processor time (pdflatex 0.4 s a PDF, Chromium about 1 s, LibreOffice about 1.3 s, most of it
start-up); :func:`build_all` runs them a job per core: 44 to 64 s of wall time (86 s one at a
time).  The six in Word's two columns (``libreoffice-2col``) added 29 s of wall time, built
while other jobs loaded both cores; 48 renderings in all.  Warm: nothing is built; asking the
four programs their version and finding the 48 files takes about a second.  The test modules
build the zoo once each (:func:`build_all`, warm for the second); then analysing the renderings is
what their tests cost (about 15 s).  ``python bench/bench_zoo.py``
builds the zoo and prints the tables.

A program that is missing makes its renderings skip with one line (:mod:`tests.tools`; under
``BRIEFS_REQUIRE_TOOLS=1`` they fail instead).  Debian packages ``.ci/run`` must install:
``texlive-latex-base texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended
lmodern`` (pdflatex and the LaTeX packages), ``chromium fonts-dejavu-core`` and
``libreoffice-writer-nogui``; pandoc comes from PyPI (``pypandoc-binary``).
"""

from __future__ import annotations

import hashlib
import html
import inspect
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from typing import Any, Literal

import pytest

from briefs_analyzer.model import Brief
from tests import tools
from tests.conftest import CORPUS_REAL, SEED_STEMS, SEEDS, load_gold
from tests.gold import Field

# Bump to rebuild every rendering (a change of cache layout, say).
ZOO_VERSION = 1
TIMEOUT = 180.0  # seconds, for any one external program
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
SUPERSCRIPT_TO_INT = str.maketrans(SUPERSCRIPTS, "0123456789")
TERMINAL_PUNCT = ".!?…:"

Kind = Literal["seed", "real"]
Format = Literal["markdown", "docx", "html", "pdf"]


def cache_root() -> Path:
    """Where renderings are kept: ``$BRIEFS_ZOO_CACHE``, else ``~/.cache/briefs-zoo``."""
    configured = os.environ.get("BRIEFS_ZOO_CACHE")
    return Path(configured).expanduser() if configured else Path.home() / ".cache" / "briefs-zoo"


# --- the seeds as pandoc Markdown ------------------------------------------------------------------

_ESCAPE = set("\\`<>[]$^~@_&{}|#")  # everything pandoc's Markdown could read as markup, but *emphasis*
_SUPERSCRIPT = re.compile(f"[{SUPERSCRIPTS}]+")
_NOTE = re.compile(rf"^([{SUPERSCRIPTS}]+|\d{{1,3}})\s+(.*)$", re.DOTALL)


def escape(text: str) -> str:
    text = "".join("\\" + c if c in _ESCAPE else c for c in text)
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", text)  # not an ordered list


def printed_date(iso: str) -> str:
    """``2025-01-23`` as a brief prints it: ``January 23, 2025``."""
    day = date.fromisoformat(iso)
    return f"{day:%B} {day.day}, {day.year}"


def _front_end(lines: Sequence[str], gold: dict[str, Any]) -> int:
    """Where the body starts: after the last front-matter line the gold names (disclaimer, credit, date).

    Taken from the gold, not from the parser under test, so the zoo does not move with it.
    """
    md = gold["metadata"]
    last = {v for v in (md.get("disclaimer"), md.get("image_credit"), printed_date(md["date"])) if v}
    end = 0
    for i, line in enumerate(lines[:60]):
        if line.strip() in last:
            end = i + 1
    return end


def _yaml_string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def yaml_front_matter(gold: dict[str, Any]) -> str:
    """The seed's metadata as YAML: title, authors with their roles, date, organisation, editors."""
    md = gold["metadata"]
    out = ["---", f"title: {_yaml_string(md['title'])}", "author:"]
    for name in md["authors"]:
        out.append(f"  - name: {_yaml_string(name)}")
        role = md.get("author_roles", {}).get(name)
        if role:
            out.append(f"    role: {_yaml_string(role)}")
    out.append(f"date: {_yaml_string(printed_date(md['date']))}")
    if md.get("organization"):
        out.append(f"organization: {_yaml_string(md['organization'])}")
    if md.get("editors"):
        out.append("editor:")
        out.extend(f"  - {_yaml_string(name)}" for name in md["editors"])
    out.append("---")
    return "\n".join(out)


def seed_markdown(stem: str, *, yaml: bool = False) -> tuple[str, str]:
    """The seed's text as pandoc Markdown, and its title.

    Superscript markers become ``[^n]``, note definitions ``[^n]: text`` at the end, the gold's
    section headings ``##``, and a paragraph a block of notes cut in two is joined again.  The front
    matter stays as paragraphs (the title as ``#``), or with ``yaml`` becomes a YAML block (title,
    ``author`` as ``name``/``role`` maps, date, organization, editor); the disclaimer and the image
    credit, which a brief prints under its title, stay in the body either way.
    """
    gold = load_gold(stem)
    title: str = gold["metadata"]["title"]
    lines = (SEEDS / gold["file"]).read_text(encoding="utf-8").splitlines()
    start = _front_end(lines, gold)
    front = [line.strip() for line in lines[:start] if line.strip()]
    if yaml:
        md = gold["metadata"]
        kept = {md.get("disclaimer"), md.get("image_credit")}
        out = [yaml_front_matter(gold), *(escape(t) for t in front if t in kept)]
    else:
        out = [f"# {escape(t)}" if t == title else escape(t) for t in front]
    text = "\n".join(lines[start:])
    body: list[str] = []
    notes: list[str] = []
    for block in (" ".join(b.split()) for b in re.split(r"\n\s*\n", text) if b.strip()):
        m = _NOTE.match(block)
        if m and int(m.group(1).translate(SUPERSCRIPT_TO_INT)) == len(notes) + 1:
            notes.append(f"[^{len(notes) + 1}]: {escape(m.group(2))}")
        elif block in gold["sections"]:
            body.append(f"## {escape(block)}")
        else:
            para = _SUPERSCRIPT.sub(lambda s: f"[^{s.group().translate(SUPERSCRIPT_TO_INT)}]", escape(block))
            previous = body[-1] if body else "#"
            # A paragraph a page of notes cut in two is one paragraph in the Word file.
            if not previous.startswith("#") and not previous.endswith(tuple(TERMINAL_PUNCT)) and para[0].islower():
                body[-1] = f"{previous} {para}"
            else:
                body.append(para)
    return "\n\n".join([*out, *body, *notes]) + "\n", title


# --- sources ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """One text the zoo renders."""

    name: str  # the seed's stem or the report's file stem; every rendering is named after it
    kind: Kind
    markdown: str
    reader: str  # pandoc's -f
    authors: tuple[str, ...] = ()  # names, given to pandoc with -M (it cannot print an author map)
    title: str = ""
    metadata: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)  # the gold's, for seeds

    @property
    def epoch(self) -> str | None:
        """SOURCE_DATE_EPOCH for reproducible output: the seed's own date (the .docx core date)."""
        iso = self.metadata.get("date")
        if not iso:
            return None
        return str(int(datetime.fromisoformat(iso).replace(tzinfo=UTC).timestamp()))


@cache
def seed_source(stem: str) -> Source:
    gold = load_gold(stem)
    markdown, title = seed_markdown(stem, yaml=True)
    return Source(stem, "seed", markdown, "markdown-smart", tuple(gold["metadata"]["authors"]), title, gold["metadata"])


_NOTES_HEADING = re.compile(r"^#{1,6}\s*(?:Foot|End)?notes\s*$", re.IGNORECASE)
_NOTE_ROW = re.compile(r"^\|\s*(\d+)\.\s*\|\s*(.*?)\s*\|?\s*$")


def real_markdown(text: str) -> str:
    """A real report's Markdown, with its notes made something pandoc reads.

    The reports list their notes as ``| 1. | text`` rows under ``# Footnotes``: a table without the
    header row pandoc needs, so pandoc would print them as one paragraph of pipes.  They become the
    ordered list ``1. text``, which every layout can flow across pages and columns.  The rest is
    the report's own text.
    """
    out: list[str] = []
    in_notes = False
    for line in text.splitlines():
        if line.startswith("#"):
            in_notes = bool(_NOTES_HEADING.match(line.strip()))
        m = _NOTE_ROW.match(line) if in_notes else None
        out.append(f"{m.group(1)}. {m.group(2)}" if m else line)
    return "\n".join(out) + "\n"


REAL_MARKDOWN = sorted(p for p in CORPUS_REAL.glob("*.md") if p.name not in {"COUNTS.md", "SOURCES.md"})
# Pandoc's Markdown without what these converted web pages do not mean: YAML blocks (their ``---``
# is a rule), TeX math and raw TeX (a ``$`` is a dollar), smart quotes (the text is kept as typed).
REAL_READER = "markdown-yaml_metadata_block-tex_math_dollars-raw_tex-smart"


def real_source(path: Path) -> Source:
    text = path.read_text(encoding="utf-8")
    title = next((ln[2:].strip() for ln in text.splitlines() if ln.startswith("# ")), path.stem)
    return Source(path.stem, "real", real_markdown(text), REAL_READER, (), title)


def seed_sources() -> list[Source]:
    return [seed_source(stem) for stem in SEED_STEMS]


def real_sources() -> list[Source]:
    return [real_source(path) for path in REAL_MARKDOWN]


# --- running programs ------------------------------------------------------------------------------


def _end(process: subprocess.Popen[bytes]) -> None:
    """End a program we started and everything it started (its process group), and reap it."""
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def run(command: Sequence[str], *, cwd: Path | None = None, env: dict[str, str] | None = None) -> str:
    """Run a program with a timeout; on timeout its whole process group is ended.  Returns stdout."""
    with subprocess.Popen(
        list(command),
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group, so that its children end with it
    ) as process:
        try:
            out, err = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            _end(process)
            raise RuntimeError(f"{Path(command[0]).name} took more than {TIMEOUT:.0f} s") from None
        except BaseException:  # Ctrl-C: the group is in its own session, so the terminal's signal missed it
            _end(process)
            raise
    if process.returncode != 0:
        tail = (err or out).decode("utf-8", "replace").strip().splitlines()[-15:]
        raise RuntimeError(f"{Path(command[0]).name} exited with {process.returncode}:\n" + "\n".join(tail))
    return out.decode("utf-8", "replace")


def pandoc() -> str:
    return tools.pandoc()


def pdflatex() -> str:
    return tools.program("pdflatex", "texlive-latex-base")


def soffice() -> str:
    return tools.program("soffice", "libreoffice-writer-nogui")


def chromium() -> str:
    return str(tools.chromium())


TOOLS: dict[str, Callable[[], str]] = {
    "pandoc": pandoc,
    "pdflatex": pdflatex,
    "chromium": chromium,
    "soffice": soffice,
}


@cache
def tool_version(name: str) -> str:
    """The first line of ``NAME --version``: part of every cache key of a rendering that runs it."""
    lines = run([TOOLS[name](), "--version"]).strip().splitlines()
    return lines[0] if lines else "unknown"


# --- the recipes -----------------------------------------------------------------------------------


def _pandoc_args(source: Source) -> list[str]:
    args = ["-f", source.reader]
    args += [f"--metadata=author:{name}" for name in source.authors]
    if source.kind == "real":
        args.append(f"--metadata=pagetitle:{source.title}")
    return args


def _env(source: Source) -> dict[str, str]:
    epoch = source.epoch
    return {"SOURCE_DATE_EPOCH": epoch, "FORCE_SOURCE_DATE": "1"} if epoch else {}


def _write_source(source: Source, work: Path) -> Path:
    path = work / f"{source.name}.md"
    path.write_text(source.markdown, encoding="utf-8")
    return path


def build_markdown(source: Source, work: Path, out: Path) -> None:
    out.write_text(source.markdown, encoding="utf-8")


def build_docx(source: Source, work: Path, out: Path) -> None:
    md = _write_source(source, work)
    run([pandoc(), *_pandoc_args(source), "-t", "docx", "-o", str(out), str(md)], env=_env(source))


def _page(source: Source, work: Path, out: Path, *, head: str = "") -> None:
    md = _write_source(source, work)
    args = [pandoc(), *_pandoc_args(source), "-t", "html5", "--standalone", "-o", str(out), str(md)]
    if head:
        header = work / "head.html"
        header.write_text(head, encoding="utf-8")
        args[1:1] = ["--include-in-header", str(header)]
    run(args, env=_env(source))


def citation_tags(metadata: dict[str, Any]) -> str:
    """Google Scholar's ``citation_*`` meta tags (what Zotero and the scholarly indexes read)."""

    def tag(name: str, value: str) -> str:
        return f'<meta name="{name}" content="{html.escape(value, quote=True)}">'

    tags = [tag("citation_title", metadata["title"])]
    tags += [tag("citation_author", name) for name in metadata["authors"]]
    tags.append(tag("citation_publication_date", metadata["date"].replace("-", "/")))
    if metadata.get("organization"):
        tags.append(tag("citation_publisher", metadata["organization"]))
    return "\n".join(tags) + "\n"


def json_ld(metadata: dict[str, Any]) -> str:
    """A schema.org ``Report`` as JSON-LD: headline, authors (with their job title), date, publisher, editors."""
    roles = metadata.get("author_roles", {})
    report: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Report",
        "headline": metadata["title"],
        "author": [
            {"@type": "Person", "name": name, **({"jobTitle": roles[name]} if roles.get(name) else {})}
            for name in metadata["authors"]
        ],
        "datePublished": metadata["date"],
    }
    if metadata.get("organization"):
        report["publisher"] = {"@type": "Organization", "name": metadata["organization"]}
    if metadata.get("editors"):
        report["editor"] = [{"@type": "Person", "name": name} for name in metadata["editors"]]
    text = json.dumps(report, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>\n'


def build_page_citation(source: Source, work: Path, out: Path) -> None:
    _page(source, work, out, head=citation_tags(source.metadata))


def build_page_jsonld(source: Source, work: Path, out: Path) -> None:
    _page(source, work, out, head=json_ld(source.metadata))


# The preambles of the LaTeX layouts (pandoc's --include-in-header) and what closes the body.
LATEX_3COL_BEFORE = "\\begin{multicols}{3}\n"
LATEX_3COL_AFTER = "\\end{multicols}\n"
LATEX_3COL_HEADER = "\\usepackage{multicol}\n\\setlength{\\columnsep}{1.2em}\n\\raggedcolumns\n"
# longtable refuses to run in two or three columns: pandoc's tables become plain tabulars there.
LATEX_COLUMN_TABLES = r"""\usepackage{longtable}
\makeatletter
\renewenvironment{longtable}[1][]{\par\noindent\begin{tabular}}{\end{tabular}\par}
\def\endhead{}\def\endfirsthead{}\def\endfoot{}\def\endlastfoot{}
\makeatother
"""
# Endnotes as a brief prints them: superscript markers, and at the end "Notes" then "1. text".
LATEX_ENDNOTES_HEADER = r"""\usepackage{endnotes}
\AtBeginDocument{\let\footnote=\endnote}
\renewcommand{\notesname}{Notes}
\renewcommand{\enoteformat}{\rightskip=0pt \leftskip=1.8em \parindent=0pt \leavevmode\llap{\theenmark.\enskip}}
"""
LATEX_ENDNOTES_AFTER = "\\theendnotes\n"
# Characters the converted reports use that pdflatex's default fonts lack.
LATEX_UNICODE = "\\DeclareUnicodeCharacter{21A9}{$\\hookleftarrow$}\n"


def _latex(
    source: Source,
    work: Path,
    out: Path,
    *,
    variables: Sequence[str] = (),
    header: str = "",
    before: str = "",
    after: str = "",
) -> None:
    md = _write_source(source, work)
    tex = work / "brief.tex"
    args = [pandoc(), *_pandoc_args(source), "-t", "latex", "--standalone", "-V", "documentclass=article"]
    args += ["-V", "papersize=letter"]
    for variable in variables:
        args += ["-V", variable]
    for option, text, name in (
        ("--include-in-header", LATEX_UNICODE + header, "header.tex"),
        ("--include-before-body", before, "before.tex"),
        ("--include-after-body", after, "after.tex"),
    ):
        if text:
            (work / name).write_text(text, encoding="utf-8")
            args += [option, str(work / name)]
    run([*args, "-o", str(tex), str(md)], env=_env(source))
    command = [pdflatex(), "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", tex.name]
    run(command, cwd=work, env=_env(source))
    shutil.move(work / "brief.pdf", out)


def build_latex_1col(source: Source, work: Path, out: Path) -> None:
    _latex(source, work, out, variables=["geometry:margin=1in", "fontsize=11pt"])


def build_latex_2col(source: Source, work: Path, out: Path) -> None:
    variables = ["classoption=twocolumn", "geometry:margin=0.75in", "fontsize=10pt"]
    _latex(source, work, out, variables=variables, header=LATEX_COLUMN_TABLES)


def build_latex_3col(source: Source, work: Path, out: Path) -> None:
    _latex(
        source,
        work,
        out,
        variables=["geometry:margin=0.5in", "fontsize=10pt"],
        header=LATEX_3COL_HEADER + LATEX_COLUMN_TABLES,
        before=LATEX_3COL_BEFORE,
        after=LATEX_3COL_AFTER,
    )


def build_latex_endnotes(source: Source, work: Path, out: Path) -> None:
    _latex(
        source,
        work,
        out,
        variables=["geometry:margin=1in", "fontsize=11pt"],
        header=LATEX_ENDNOTES_HEADER,
        after=LATEX_ENDNOTES_AFTER,
    )


# Headless Chromium alone, offline: no sandbox (containers), no GPU, no first-run or background
# traffic, the network resolved to nowhere, a fresh profile each time.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--no-pdf-header-footer",
)
NOTES_HEADING_HTML = '<h2 class="unnumbered" id="notes">Notes</h2>\n'


def _print(page: Path, work: Path, out: Path) -> None:
    profile = work / "chromium-profile"
    target = work / "printed.pdf"
    command = [chromium(), *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={target}"]
    run([*command, page.as_uri()], cwd=work, env={"HOME": str(work)})
    if not target.is_file():
        raise RuntimeError("chromium printed no PDF")
    shutil.move(target, out)


def build_browser(source: Source, work: Path, out: Path) -> None:
    page = work / f"{source.name}.html"
    _page(source, work, page)
    _print(page, work, out)


def build_browser_heading(source: Source, work: Path, out: Path) -> None:
    page = work / f"{source.name}.html"
    _page(source, work, page)
    text = page.read_text(encoding="utf-8")
    at = text.index('<section id="footnotes"')
    opening = text.index(">", at) + 1
    page.write_text(text[:opening] + "\n" + NOTES_HEADING_HTML + text[opening:], encoding="utf-8")
    _print(page, work, out)


def build_libreoffice(source: Source, work: Path, out: Path) -> None:
    docx = work / f"{source.name}.docx"
    build_docx(source, work, docx)
    _soffice_pdf(source, work, docx, out)


def build_libreoffice_2col(source: Source, work: Path, out: Path) -> None:
    """The .docx set in two columns (every section: Word's Layout > Columns > Two), then converted."""
    import docx as python_docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    path = work / f"{source.name}.docx"
    build_docx(source, work, path)
    document = python_docx.Document(str(path))
    for section in document.sections:
        columns = section._sectPr.find(qn("w:cols"))
        if columns is None:
            columns = OxmlElement("w:cols")
            section._sectPr.append(columns)
        columns.set(qn("w:num"), "2")
        columns.set(qn("w:space"), "720")  # half an inch between the columns, Word's default
    document.save(str(path))
    _soffice_pdf(source, work, path, out)


def _soffice_pdf(source: Source, work: Path, docx: Path, out: Path) -> None:
    converted = work / "converted"
    profile = (work / "soffice-profile").as_uri()
    command = [soffice(), f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nologo"]
    run([*command, "--convert-to", "pdf", "--outdir", str(converted), str(docx)], cwd=work, env={"HOME": str(work)})
    made = converted / f"{source.name}.pdf"
    if not made.is_file():
        raise RuntimeError("soffice made no PDF")
    shutil.move(made, out)


@dataclass(frozen=True)
class Layout:
    """One way a brief is laid out, and how the zoo makes it."""

    name: str
    suffix: str
    format: Format
    tools: tuple[str, ...]
    build: Callable[[Source, Path, Path], None]
    kinds: frozenset[Kind]  # the sources it applies to
    fields: tuple[Field, ...]  # the metadata it carries

    def recipe(self) -> str:
        """What the output depends on besides the source: the builder's code and what it calls."""
        parts = [self.name, self.suffix, inspect.getsource(self.build)]
        for helper in (_latex, _page, _print, _pandoc_args, _env, build_docx, _soffice_pdf):
            parts.append(inspect.getsource(helper))
        constants = (LATEX_UNICODE, LATEX_COLUMN_TABLES, LATEX_3COL_HEADER, LATEX_3COL_BEFORE, LATEX_3COL_AFTER)
        parts += [*constants, LATEX_ENDNOTES_HEADER, LATEX_ENDNOTES_AFTER, NOTES_HEADING_HTML, *CHROMIUM_FLAGS]
        return "\n".join(parts)


SEEDS_ONLY: frozenset[Kind] = frozenset({"seed"})
BOTH: frozenset[Kind] = frozenset({"seed", "real"})
LATEX = ("pandoc", "pdflatex")
BROWSER = ("pandoc", "chromium")
# The metadata each layout carries (what a reader can find in it, so what the gold asks of it).
EVERY_FIELD: tuple[Field, ...] = ("title", "date", "authors", "roles", "organization", "editors")
TITLE_BLOCK: tuple[Field, ...] = ("title", "date", "authors")  # pandoc's title block, Word's styles
LAYOUTS: dict[str, Layout] = {
    layout.name: layout
    for layout in (
        Layout("markdown-yaml", ".md", "markdown", (), build_markdown, SEEDS_ONLY, EVERY_FIELD),
        Layout("word", ".docx", "docx", ("pandoc",), build_docx, SEEDS_ONLY, TITLE_BLOCK),
        Layout(
            "page-citation",
            ".html",
            "html",
            ("pandoc",),
            build_page_citation,
            SEEDS_ONLY,
            ("title", "date", "authors", "organization"),
        ),
        Layout("page-jsonld", ".html", "html", ("pandoc",), build_page_jsonld, SEEDS_ONLY, EVERY_FIELD),
        Layout("latex-1col", ".pdf", "pdf", LATEX, build_latex_1col, BOTH, TITLE_BLOCK),
        Layout("latex-2col", ".pdf", "pdf", LATEX, build_latex_2col, BOTH, TITLE_BLOCK),
        Layout("latex-3col", ".pdf", "pdf", LATEX, build_latex_3col, BOTH, TITLE_BLOCK),
        Layout("latex-endnotes", ".pdf", "pdf", LATEX, build_latex_endnotes, SEEDS_ONLY, TITLE_BLOCK),
        Layout("browser", ".pdf", "pdf", BROWSER, build_browser, BOTH, TITLE_BLOCK),
        Layout("browser-heading", ".pdf", "pdf", BROWSER, build_browser_heading, SEEDS_ONLY, TITLE_BLOCK),
        Layout("libreoffice", ".pdf", "pdf", ("pandoc", "soffice"), build_libreoffice, BOTH, TITLE_BLOCK),
        Layout("libreoffice-2col", ".pdf", "pdf", ("pandoc", "soffice"), build_libreoffice_2col, BOTH, TITLE_BLOCK),
    )
}
PDF_LAYOUTS = tuple(name for name, layout in LAYOUTS.items() if layout.format == "pdf")
SEED_LAYOUTS = tuple(LAYOUTS)
REAL_LAYOUTS = tuple(name for name, layout in LAYOUTS.items() if "real" in layout.kinds)


def cache_key(source: Source, layout: Layout) -> str:
    """A hash of the source text, the recipe and the versions of the programs the recipe runs."""
    versions = [tool_version(name) for name in layout.tools]
    material = [ZOO_VERSION, source.markdown, source.reader, list(source.authors), source.title]
    material += [source.metadata, layout.recipe(), versions]
    blob = json.dumps(material, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def cached_path(source: Source, layout: Layout) -> Path:
    return cache_root() / layout.name / cache_key(source, layout)[:20] / f"{source.name}{layout.suffix}"


def render(source: Source, layout_name: str) -> Path:
    """The rendering of ``source`` in the layout, from the cache or built now.

    Skips (``pytest.skip``) when a program the layout needs is missing; raises ``RuntimeError``
    with the program's last lines when it fails.
    """
    layout = LAYOUTS[layout_name]
    if source.kind not in layout.kinds:
        raise ValueError(f"layout {layout_name} is not made for {source.kind} sources")
    for name in layout.tools:
        TOOLS[name]()  # skip here, with its one line, when a program is missing
    target = cached_path(source, layout)
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".build-", dir=target.parent.parent) as tmp:
        work = Path(tmp)
        made = work / f"out{layout.suffix}"
        layout.build(source, work, made)
        os.replace(made, target)  # atomic: the cache holds whole files only
    return target


def cases() -> list[tuple[Source, str]]:
    """Every (source, layout) the zoo makes."""
    return [(s, name) for s in seed_sources() + real_sources() for name, lay in LAYOUTS.items() if s.kind in lay.kinds]


def build_all(jobs: int | None = None) -> dict[tuple[str, str], Path | str]:
    """Every rendering, built ``jobs`` at a time (default: one per core) or taken from the cache.

    (source name, layout) -> the file, or why there is none (``skipped: ...`` when a program is
    missing, ``failed: ...`` when one failed).  The programs run in threads: each waits on its own
    child process, so a cold zoo builds in about half the time on two cores.
    """

    def one(case: tuple[Source, str]) -> Path | str:
        try:
            return render(*case)
        except RuntimeError as exc:
            return f"failed: {exc}"
        except (pytest.skip.Exception, pytest.fail.Exception) as exc:  # a program is missing
            return f"skipped: {exc}"

    todo = cases()
    with ThreadPoolExecutor(max_workers=jobs or os.cpu_count() or 1) as pool:
        results = list(pool.map(one, todo))
    return {(source.name, name): result for (source, name), result in zip(todo, results, strict=True)}


@cache
def analysed(path: Path) -> Brief:
    """A rendering (or any brief) analysed once per test session, with the default stages."""
    from briefs_analyzer.corpus import analyze_file
    from briefs_analyzer.pipeline import default_stages

    return analyze_file(path, default_stages())
