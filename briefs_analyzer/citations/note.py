"""One note -> its citations: the chunks parsed, legal citations found by eyecite, italics marked, repeats merged."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from ..dates import parse_date
from ..legal import LegalMention, called_act, find_legal
from ..model import Citation, CitationKind
from .clean import clean_note_text
from .forms import parse_ibid, parse_internal_reference, parse_short_case, parse_supra, parse_treaty_short
from .names import names_in, unique
from .patterns import (
    ACT_NAME,
    ALL_BY,
    ATTACHED,
    DATED,
    FEDERAL_REGISTER,
    HEREINAFTER_PAREN,
    LEGAL_WORK_TYPES,
    PAIRED,
    YEAR_PAREN,
)
from .split import split_spans
from .walk import parse_generic


# --- one note ---------------------------------------------------------------------------------
def parse_note(text: str, italics: Sequence[tuple[int, int]] = ()) -> tuple[Citation, ...]:
    """Every citation in one note's text; a single ``commentary`` citation if it cites nothing.

    ``italics`` are the spans of ``text`` the reader found set in italics (PDF, Word, HTML): a
    title or a periodical's name, whose extent the font gives, commas and all.  Word and HTML notes
    that still carry italics as ``*...*`` in their text are read the same way.
    """
    clean = clean_note_text(mark_italics(text, italics))
    legal = _legal_mentions(clean)
    cited: list[Citation] = []
    for start, end, attributed in split_spans(clean):
        inside = [m for m in legal if start <= m.start < end]
        cited.extend(_parse_chunk(clean, start, end, inside, attributed=attributed))
    chunked = {m.start for m in legal}
    covered = {(c.identifiers[0] if c.identifiers else None) for c in cited}
    for m in legal:  # legal authorities in spans no chunk kept (e.g. between chunks)
        if m.start not in chunked and (m.scheme, m.value) not in covered:
            cited.append(_legal_citation(clean, m))
    out = _merge_repeated(_share_all_by(c for c in cited if c.kind != "commentary"))
    return tuple(_unmarked(c) for c in out) or (Citation(kind="commentary", text=clean),)


def _legal_mentions(text: str) -> list[LegalMention]:
    """The legal authorities of ``text`` found as if it had no italic marks (``90 *Federal Register* 50494``
    is ``90 Federal Register 50494`` whatever its typography), their spans given back in ``text``.

    A span that would leave one of a pair of marks outside it takes that mark in.
    """
    kept = [i for i, ch in enumerate(text) if ch != "*"]
    if len(kept) == len(text):
        return find_legal(text)
    out = []
    for m in find_legal("".join(text[i] for i in kept)):
        start = kept[m.start] if m.start < len(kept) else len(text)
        end = kept[m.end - 1] + 1 if m.end > m.start else start
        while text.count("*", start, end) % 2:
            if text.startswith("*", end):
                end += 1
            elif start > 0 and text[start - 1] == "*":
                start -= 1
            else:
                break
        out.append(replace(m, start=start, end=end))
    return out


def _unmarked(citation: Citation) -> Citation:
    """``citation`` without the ``*`` italic marks in its fields: they told the parser where a title
    ends, they are not part of it (a PDF's italics broken at a line end: ``Impossible* *Metals``)."""
    changes: dict[str, object] = {}
    for name in ("title", "container", "publisher", "short_name"):
        value = getattr(citation, name)
        if value and "*" in value:
            changes[name] = " ".join(value.replace("*", "").split()) or None
    if citation.authors and any("*" in a for a in citation.authors):
        changes["authors"] = tuple(a.replace("*", "").strip() for a in citation.authors)
    return replace(citation, **changes) if changes else citation  # type: ignore[arg-type]


def mark_italics(text: str, italics: Sequence[tuple[int, int]]) -> str:
    """``text`` with each italic span wrapped in ``*...*``, the mark the parser reads titles by.

    Spans that overlap or have only spaces between them (one title set across a line end) are one
    span; each is then taken to the extent of a title (:func:`_title_extent`)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(italics):
        start, end = max(start, 0), min(end, len(text))
        if merged and (start <= merged[-1][1] or not text[merged[-1][1] : start].strip()):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    spans = [span for span in (_title_extent(text, a, b) for a, b in merged) if span is not None]
    out = text
    for start, end in sorted(spans, reverse=True):
        out = f"{out[:start]}*{out[start:end]}*{out[end:]}"
    return out


def _title_extent(text: str, start: int, end: int) -> tuple[int, int] | None:
    """What of an italic span is a title: whole words, without the sentence's punctuation at its edges.

    A word is set in one style, so a span that stops inside a word takes the whole word.  Typesetters
    often set the punctuation next to a title in its italics: a comma, semicolon or colon after it,
    the opening bracket that follows it or the closing one before it are the sentence's, not the
    title's.  None when nothing of the span is left (a lone italic full stop).
    """
    while 0 < start < end and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while start < end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    while start < end:
        first, last, inside = text[start], text[end - 1], text[start:end]
        if first.isspace() or first in ",;:)]" or (first in "([" and inside.count(first) > inside.count(PAIRED[first])):
            start += 1
        elif last.isspace() or last in ",;:([" or (last in ")]" and inside.count(last) > inside.count(PAIRED[last])):
            end -= 1
        else:
            break
    return (start, end) if any(ch.isalnum() for ch in text[start:end]) else None


def _parse_chunk(note: str, start: int, end: int, legal: list[LegalMention], *, attributed: bool) -> list[Citation]:
    """The citations of one chunk: a repeat, legal authorities, and/or one work read field by field."""
    text = note[start:end]
    for parse in (parse_ibid, parse_internal_reference, parse_supra, parse_short_case, parse_treaty_short):
        found = parse(text)
        if found is not None:
            return [found]
    for h in HEREINAFTER_PAREN.finditer(text):  # "(hereinafter E.O. 14285)" names, it does not cite
        legal = [x for x in legal if not start + h.start() <= x.start < start + h.end()]
    if not legal:
        return _one_per_number(parse_generic(text, attributed=attributed))
    act_name = ACT_NAME.match(text[: legal[0].start - start])
    # "X Act, Pub. L. No. 75-717, 52 Stat. 1040": one act
    if act_name and any(m.scheme in ("public_law", "stat") for m in legal):
        ids = unique((m.scheme, m.value) for m in legal if m.scheme in ("public_law", "stat", "usc") and m.value)
        year = YEAR_PAREN.search(text)
        return [
            Citation(
                kind="full", text=text, title=" ".join(act_name.group("act").split()), identifiers=ids,
                date=year.group("year") if year else None, work_type="legislation",
            )
        ]  # fmt: skip
    masked = text
    for m in sorted(legal, key=lambda m: -m.start):
        a, b = m.start - start, min(m.end, end) - start
        if m.title and m.scheme in ("usc", "public_law"):
            act = masked.rfind(m.title, 0, a)
            a = act if act >= 0 else a
        masked = masked[:a] + " " * (b - a) + masked[b:]
    work = parse_generic(masked, attributed=attributed, original=text)
    if work.kind == "commentary" or not (work.title or work.authors or work.url):
        return [_legal_citation(note, m) for m in legal]
    attached = [m for m in legal if m.scheme in ATTACHED and not _in_parens(text, m.start - start)]
    ids = tuple((m.scheme, m.value) for m in attached if m.scheme and m.value)
    if any(m.scheme == "fed_reg" for m in attached) or FEDERAL_REGISTER.search(masked):
        work = replace(work, container="Federal Register", work_type="regulation")
    work = replace(work, identifiers=unique((*work.identifiers, *ids)), text=text)
    anchor = _anchor(text, work)
    before = [_legal_citation(note, m) for m in legal if m not in attached and m.start - start < anchor]
    after = [_legal_citation(note, m) for m in legal if m not in attached and m.start - start >= anchor]
    return [*before, work, *after]


def _one_per_number(work: Citation) -> list[Citation]:
    """``GAO-04-343SP, GAO-05-927.``: report numbers alone, one citation each."""
    numbers = [pair for pair in work.identifiers if pair[0] == "report_number"]
    if len(numbers) < 2 or work.title or work.authors or work.url:
        return [work]
    return [replace(work, identifiers=(pair,), text=pair[1]) for pair in numbers]


def _anchor(text: str, work: Citation) -> int:
    """Where a work's own text starts in its chunk (its title, else its first author, else its URL),
    found whatever italic marks stand in the chunk (the fields have none)."""
    kept = [i for i, ch in enumerate(text) if ch != "*"]
    plain = "".join(text[i] for i in kept)
    for probe in (work.title, work.authors[0] if work.authors else None, work.url):
        if probe and (at := plain.find(probe.replace("*", ""))) >= 0:
            return kept[at]
    return 0


def _in_parens(text: str, at: int) -> bool:
    depth = 0
    for ch in text[:at]:
        depth += ch == "("
        depth -= ch == ")" and depth > 0
    return depth > 0


def _legal_citation(note: str, m: LegalMention) -> Citation:
    """A legal authority as a citation of its own."""
    text = note[m.start : m.end]
    if m.kind == "id":
        return Citation(kind="ibid", text=text, locator=m.locator)
    if m.kind == "supra":
        names = tuple(names_in(m.antecedent) or ()) if m.antecedent else ()
        return Citation(kind="supra", text=text, authors=names, target_note=m.target_note)
    if m.kind == "short":
        return Citation(
            kind="short", text=text, title=m.antecedent, volume=m.volume, container=m.reporter, locator=m.locator
        )
    kind: CitationKind = "full"
    date = m.date
    if date is None and (dated := DATED.match(note, m.end)):
        date = parse_date(dated.group("date"))
    title = m.title
    if title is None and m.scheme == "bill":
        title = called_act(note, m.end)
    return Citation(
        kind=kind,
        text=text,
        title=title,
        date=date,
        identifiers=((m.scheme, m.value),) if m.scheme and m.value else (),
        work_type=LEGAL_WORK_TYPES.get(m.scheme or ""),
        locator=m.locator,
    )


def _share_all_by(citations: Iterable[Citation]) -> list[Citation]:
    """``X, Y, and Z, all by A``: A wrote every work of the run that ``all by`` closes."""
    out = list(citations)
    run_start = 0
    for i, c in enumerate(out):
        if ALL_BY.search(c.text):
            for j in range(run_start, i):
                if not out[j].authors and out[j].kind == "full" and out[j].identifiers:
                    out[j] = replace(out[j], authors=c.authors)
            run_start = i + 1
        elif c.authors:
            run_start = i + 1
    return out


def _merge_repeated(citations: list[Citation]) -> list[Citation]:
    """A work cited twice in one note is one citation, with the fuller of the two readings."""
    out: list[Citation] = []
    for c in citations:
        key = _work_key(c)
        twin = next((i for i, o in enumerate(out) if key is not None and _same_work(o, c)), None)
        if twin is None:
            out.append(c)
        elif _fullness(c) > _fullness(out[twin]):
            out[twin] = c
    return out


def _same_work(a: Citation, b: Citation) -> bool:
    """Two readings of one work in a note: the same identifiers (one set inside the other), or one bare URL."""
    if _work_key(a) == _work_key(b):
        return True
    ids_a, ids_b = set(a.identifiers), set(b.identifiers)
    return bool(ids_a and ids_b) and (ids_a <= ids_b or ids_b <= ids_a)


def _work_key(c: Citation) -> str | None:
    if c.kind not in ("full", "short"):
        return None
    if c.identifiers:
        return "|".join(f"{k}={v}" for k, v in sorted(c.identifiers))
    if c.url and not c.title:
        return "url " + c.url
    return None


def _fullness(c: Citation) -> int:
    return sum(bool(v) for v in (c.title, c.authors, c.date, c.url, c.container, c.publisher)) + len(c.identifiers)
