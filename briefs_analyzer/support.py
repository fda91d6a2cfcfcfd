"""Claim support: what each claim rests on, and whether a claim without a marker needs a source.

Every claim gets one :data:`~briefs_analyzer.model.Support` value (``Sentence.support``), the
first that applies:

``not_prose``
    a heading, caption, table cell, page furniture, boilerplate or back matter (author box,
    acknowledgments, disclaimer) that reached the claim list;
``cited``
    it carries a marker;
``analysis``
    the author's own argument, evaluation, prediction, recommendation, policy option, transition,
    method or research (first person, "this report", "told CRS"), a definition, pointer or worked
    example, or a statement with no specific checkable fact in it;
``covered``
    no marker, but a note of its paragraph backs it (``Sentence.covered_by``): the note closing
    the run of sentences it sits in, or the note of the cited sentence it carries on;
``needs_source``
    none of these: it states a specific checkable fact and nothing backs it
    (``Sentence.support_kind`` says which kind, see :mod:`briefs_analyzer.factuality`).

The stage is pure Python over the brief (text, paragraphs, markers, resolved notes), with no
language model, so ``briefs check`` and ``briefs analyze`` give the same values and neither needs
spaCy for them.  The rules, with examples, are the rubric of the hand labels
(``tests/data/labels/support/RUBRIC.md``); ``bench/score_support.py`` measures them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache

from briefs_analyzer.factuality import Cues, read_sentence
from briefs_analyzer.factwords import lexicon, normalise, other_event, years_of
from briefs_analyzer.model import Brief, Note, Sentence, Support
from briefs_analyzer.passages import (
    back_matter,
    capitalised_names,
    is_boilerplate,
    is_caption,
    organisations_named,
    summary_section,
)


def claim_sources(brief: Brief) -> dict[int, tuple[str, ...]]:
    """For every claim id, the ids of the sources it rests on, through every marker in it."""
    by_number: dict[int, tuple[str, ...]] = {}
    for note in brief.notes:
        by_number.setdefault(note.number, note.source_ids)
    out: dict[int, tuple[str, ...]] = {}
    for claim in brief.sentences:
        ids: dict[str, None] = {}
        for number in claim.markers:
            ids.update(dict.fromkeys(by_number.get(number, ())))
        out[claim.id] = tuple(ids)
    return out


def claims_per_source(brief: Brief) -> Counter[str]:
    """How many claims of the brief rest on each source."""
    counts: Counter[str] = Counter()
    for ids in claim_sources(brief).values():
        counts.update(ids)
    return counts


def uncited_factual(brief: Brief) -> frozenset[int]:
    """The claims that need a source: ``support == "needs_source"``.

    Read from the claims; a brief that has not been through :func:`assign_support` (built by a
    caller that skipped the stage) is assessed on the fly.
    """
    claims = brief.sentences
    if any(c.support is None for c in claims):
        claims = assign_support(brief).sentences
    return frozenset(c.id for c in claims if c.support == "needs_source")


# -- the stage ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Assessed:
    """One claim's support, and why (for ``briefs show`` and the scorer)."""

    support: Support
    covered_by: tuple[int, ...] = ()
    kind: str | None = None
    reason: str = ""


def support_stage(brief: Brief) -> Brief:
    """The pipeline stage: run after citation resolution (it reads the notes' kinds and sources)."""
    return assign_support(brief)


def assign_support(brief: Brief) -> Brief:
    """The brief with every claim's ``support``, ``covered_by`` and ``support_kind`` filled."""
    assessed = assess(brief)
    sentences = tuple(
        replace(c, support=a.support, covered_by=a.covered_by, support_kind=a.kind)
        for c, a in zip(brief.sentences, assessed, strict=True)
    )
    return replace(brief, sentences=sentences)


@dataclass(frozen=True)
class _Claim:
    """What the stage reads of one claim."""

    sentence: Sentence
    text: str  # normalised
    prose: str | None  # why it is not prose, or None
    cues: Cues
    words: frozenset[str]  # content words, stemmed
    summary: bool  # under a heading of the author's summary ("Results in Brief", "Conclusions")
    exhibits: frozenset[str]  # the figures and tables it points at ("figure 1", "table 2")

    @property
    def paragraph(self) -> int:
        return self.sentence.paragraph

    @property
    def markers(self) -> tuple[int, ...]:
        return self.sentence.markers


def assess(brief: Brief) -> list[Assessed]:
    """Every claim's support, in order."""
    if not brief.sentences:
        return []
    claims = _read(brief)
    notes = _notes_by_number(brief.notes)
    own = _own_research(claims)
    out: list[Assessed | None] = [None] * len(claims)
    factual = [False] * len(claims)
    seen = _Seen()
    # First pass: not prose, cited, and analysis or fact.
    for i, claim in enumerate(claims):
        if claim.prose:
            out[i] = Assessed("not_prose", reason=claim.prose)
            continue
        verdict = _analysis(claim, own[i], seen)
        factual[i] = verdict is None
        if claim.markers:
            out[i] = Assessed("cited", reason="carries a marker")
        elif verdict is not None:
            out[i] = Assessed("analysis", reason=verdict)
        seen.add(claim.cues)
    # Second pass: an unmarked factual claim is covered by a note of its paragraph, or needs one.
    rare = _rare_words(claims)
    exhibits = _exhibits(claims)
    backing: dict[int, tuple[int, ...]] = {}  # claim index -> the notes a next sentence may carry on
    for i, claim in enumerate(claims):
        done = out[i]
        if done is not None:
            if done.support == "cited":
                backing[i] = _source_notes(claim.markers, notes)
            continue
        if claim.exhibits & exhibits:
            backing[i] = ()
            shown = ", ".join(sorted(claim.exhibits & exhibits))
            out[i] = Assessed("covered", (), reason=f"points at {shown}, which has a source line")
            continue
        kind = claim.cues.kind or "a specific fact"
        previous = out[i - 1] if i and claims[i - 1].paragraph == claim.paragraph else None
        if claim.cues.anaphoric and previous is not None and previous.support == "needs_source":
            kind = claim.cues.kind or previous.kind or kind
            out[i] = Assessed("needs_source", kind=kind, reason=f"states {kind}, carrying on a sentence with no source")
            continue
        by = _carried_on(i, claims, backing, rare)
        if by is not None:
            backing[i] = by
            out[i] = Assessed("covered", by, reason="carries on the backed sentence before it")
            continue
        by = _closed(i, claims, notes, factual, rare)
        if by:
            out[i] = Assessed("covered", by, reason="backed by the note that closes its run of sentences")
            continue
        out[i] = Assessed("needs_source", kind=kind, reason=f"states {kind} and nothing backs it")
    return [a for a in out if a is not None]


def _read(brief: Brief) -> list[_Claim]:
    sentences = brief.sentences
    texts = [normalise(s.text) for s in sentences]
    headings = [brief.sections[s.section].heading if s.section < len(brief.sections) else None for s in sentences]
    prose = [_not_prose(t, h) for t, h in zip(texts, headings, strict=True)]
    boilerplate = {s.paragraph for s, t in zip(sentences, texts, strict=True) if is_boilerplate(t)}
    prose = [
        p or ("boilerplate" if s.paragraph in boilerplate else None) for s, p in zip(sentences, prose, strict=True)
    ]
    names = capitalised_names([t for t, p in zip(texts, prose, strict=True) if not p])
    organisations = _organisations(brief, [t for t, p in zip(texts, prose, strict=True) if p])
    return [
        _Claim(
            s,
            t,
            p,
            read_sentence(t, names=names, organisations=organisations),
            _content(t),
            summary_section(h),
            frozenset(_exhibit(m) for m in _POINTER.finditer(t)),
        )
        for s, t, p, h in zip(sentences, texts, prose, headings, strict=True)
    ]


# "Figure 1: ...", "Table 2. ...": a caption; "(see fig. 2)", "as shown in figure 1", "Table 1 shows": a pointer.
_CAPTION = re.compile(r"^\W*(?P<kind>figure|fig\.|table)\s+(?P<n>[A-Z]?-?\d+)\s*[.:]", re.IGNORECASE)
_POINTER = re.compile(r"\b(?P<kind>figure|fig\.|table)\s+(?P<n>[A-Z]?-?\d+)\b", re.IGNORECASE)


def _exhibit(m: re.Match[str]) -> str:
    kind = "table" if m.group("kind").lower() == "table" else "figure"
    return f"{kind} {m.group('n').upper()}"


def _exhibits(claims: Sequence[_Claim]) -> frozenset[str]:
    """The figures and tables the brief prints (a caption reached the claims).  Reports such as
    CRS's and GAO's give every figure and table a source line; a sentence pointing at one is
    backed by it."""
    return frozenset(_exhibit(m) for c in claims if (m := _CAPTION.match(c.text)))


def _organisations(brief: Brief, furniture: Sequence[str]) -> tuple[str, ...]:
    """The author's organisation(s): acronyms in the metadata's organisation, and the organisations
    the front matter and the brief's furniture (cover, running heads, disclaimer) name in full."""
    md = brief.metadata
    front = [t for t in (md.organization, md.title, md.series, md.disclaimer, md.subtitle) if t]
    acronyms = re.findall(r"\b[A-Z]{2,}\b", md.organization or "")
    return tuple(dict.fromkeys([*acronyms, *organisations_named([*front, *furniture])]))


# -- not prose ------------------------------------------------------------------------------------

_TERMINAL = re.compile(r"[.?!:;…]['\"’”)\]]*\s*$")
_LETTERS = re.compile(r"[A-Za-z]")
_SEPARATORS = re.compile(r"\s[·|]\s")  # "R48910 · VERSION 2 · NEW", "url | IF12106"
_URL = re.compile(r"https?://\S+|www\.\S+")


def _not_prose(text: str, heading: str | None) -> str | None:
    """Why a claim is not a sentence of the brief's body, or None if it is one."""
    if back_matter(heading):
        return f"back matter ({heading})"
    if is_caption(text):
        return "a caption or source line"
    if len(_LETTERS.findall(text)) < 4:
        return "no words"
    if _SEPARATORS.search(text):
        return "page furniture"
    bare = _URL.sub("", text)
    if bare != text and len(bare.split()) <= 6:
        return "a web address"
    if not _TERMINAL.search(text):
        return "not a sentence (no closing punctuation)"
    words = [w for w in text.split() if w[:1].isalpha()]
    capitalised = sum(w[:1].isupper() for w in words)
    if len(words) >= 4 and capitalised / len(words) > 0.85 and len(text.split()) <= 15:
        return "a heading or a name"
    return None


# -- analysis or fact -----------------------------------------------------------------------------


class _Seen:
    """The dates and figures the brief's earlier claims have stated."""

    def __init__(self) -> None:
        self.dates: set[str] = set()
        self.numbers: set[str] = set()

    def add(self, cue: Cues) -> None:
        self.dates |= cue.dates
        self.numbers |= cue.numbers

    def new_specific(self, cue: Cues) -> bool:
        """Does ``cue`` state a date or a figure in digits that no earlier claim stated?"""
        figures = {n for n in cue.numbers if any(ch.isdigit() for ch in n)}
        return bool(cue.dates - self.dates or figures - self.numbers)


def _analysis(claim: _Claim, own_context: str | None, seen: _Seen) -> str | None:
    """Why the claim is the author's analysis, or None if it states a checkable fact.

    A new specific fact (a date or figure not stated before) outweighs words of evaluation or a
    conclusion: "the visit of ... Sullivan to India on January 6, 2025, reinforced America's
    favoritism" states the visit.
    """
    cue = claim.cues
    if cue.own_research:
        return "the author's own method or research"
    if own_context == "list":
        return "the author's own finding (an item of the author's list of findings)"
    if claim.summary:
        return "the author's summary of the brief's findings"
    if own_context == "paragraph" and cue.attributed and _bare_speaker(claim.text):
        return "the author's own research (what officials told the author)"
    if cue.structure:
        return "a pointer, overview, lead-in, definition or worked example"
    if cue.option:
        return "a policy option"
    if cue.attributed or cue.quotation:
        return None
    if cue.recommendation:
        return "a recommendation"
    if cue.hedged:
        return "hedged: a possibility, prediction or condition"
    new = seen.new_specific(cue)
    if cue.conclusion and not new:
        return "a conclusion the author draws"
    if cue.evaluative and not new:
        return "the author's evaluation"
    if cue.generic and not new:
        return "a general statement of practice"
    if not cue.facts:
        return "no specific checkable fact"
    return None


_BARE_SPEAKER = re.compile(r"^\W*(?:the\s+officials?|officials|they|he|she|the\s+agency)\b", re.IGNORECASE)
_SPEAKER_AT_END = re.compile(r"\b(?:the\s+officials?|officials|they|he|she)\s+(?:\w+\s+){0,2}\w+(?:ed|ing)\b", re.I)
_BULLET = re.compile(r"^\s*(?:[•▪●◦‣∙*]|-\s|\d{1,2}[.)]\s)")  # a list item


def _bare_speaker(text: str) -> bool:
    """Is the speaker someone the paragraph already introduced ("the official", "they")?"""
    return bool(_BARE_SPEAKER.match(text) or _SPEAKER_AT_END.search(text))


def _own_research(claims: Sequence[_Claim]) -> list[str | None]:
    """Claims in a context of the author's own research: ``paragraph``, in a paragraph where the
    author speaks of their own work (what officials say there is what they told the author);
    ``list``, in a bulleted list that a lead-in of the author's own opens ("In summary, we reported
    the following findings:"), every item of which is the author's finding."""
    paragraphs = {c.paragraph for c in claims if c.cues.own_research}
    out: list[str | None] = ["paragraph" if c.paragraph in paragraphs else None for c in claims]
    listing = False
    for i, claim in enumerate(claims):
        if claim.prose:
            continue
        if i == 0 or claims[i - 1].paragraph != claim.paragraph:
            listing = listing and bool(_BULLET.match(claim.text))
        if listing:
            out[i] = "list"
        if claim.cues.own_research and claim.text.endswith(":"):
            listing = True
    return out


# -- coverage -------------------------------------------------------------------------------------


_WORD = re.compile(r"[a-z][a-z'-]+|\d[\d,.]*")


@cache
def _stop_words() -> frozenset[str]:
    words: list[str] = lexicon()["grammar"]["stop_words"]
    return frozenset(words)


def _content(text: str) -> frozenset[str]:
    """The text's content words, stemmed ("Agreements" and "agreement" are one word)."""
    out = set()
    for word in set(_WORD.findall(text.lower())):
        word = word.strip("'.,")
        if word.endswith("'s"):
            word = word[:-2]
        if len(word) > 2 and word not in _stop_words():
            out.add(_stem(word))
    return frozenset(out)


def _stem(word: str) -> str:
    for suffix in ("ings", "ing", "ies", "ied", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _notes_by_number(notes: Iterable[Note]) -> dict[int, Note]:
    out: dict[int, Note] = {}
    for note in notes:
        out.setdefault(note.number, note)
    return out


_EXAMPLE_NOTE = re.compile(r"^\W*(?:see,?\s+)?(?:for\s+example|for\s+instance|e\.g\.)\b", re.IGNORECASE)
_LOCATOR = re.compile(
    r"https?://|www\.|\bU\.S\.C\.|\bC\.F\.R\.|§|\bP\.L\.|\bRule\s+[IVXL\d]|\bclause\s+\d|\bvol\.|\bpp?\.\s*\d|"
    r"\bReport\s+[A-Z]{0,3}\d|\bCongressional Record\b|\bNotice\s+\d|\bPublication\s+\d|\bFederal Register\b",
)
_YEAR_IN_NOTE = re.compile(r"(?<!\d)(?:1[6-9]\d\d|20\d\d)(?!\d)")


def note_role(note: Note | None) -> str:
    """``source``: the note backs claims; ``example``: it gives one instance (it backs nothing
    before it); ``explanation``: it only explains a word or a point (the next note may back the run)."""
    if note is None:
        return "explanation"
    if _EXAMPLE_NOTE.match(note.text):
        return "example"
    if note.kind in ("full", "ibid", "short", "supra", "cross_reference"):
        return "source"
    if _LOCATOR.search(note.text) or any(c.url or c.title or c.container for c in note.citations):
        return "source"
    if _YEAR_IN_NOTE.search(note.text):
        return "source"  # a dated record of what happened ("in 1997, 2013 ...")
    return "explanation"


def _source_notes(markers: Sequence[int], notes: dict[int, Note]) -> tuple[int, ...]:
    return tuple(n for n in markers if note_role(notes.get(n)) == "source")


def _rare_words(claims: Sequence[_Claim]) -> frozenset[str]:
    """Content words few claims of the brief use.  Shared, they tie two sentences to one fact; the
    brief's topic words ("committee", "tax") tie everything to everything."""
    counts: Counter[str] = Counter()
    for claim in claims:
        counts.update(claim.words)
    limit = max(3, len(claims) // 20)
    return frozenset(w for w, n in counts.items() if n <= limit)


_ADDITIVE = re.compile(
    r"^\W*(?:moreover|in\s+addition|additionally|furthermore|similarly|likewise|besides|also)\b", re.IGNORECASE
)


def _carried_on(
    i: int, claims: Sequence[_Claim], backing: dict[int, tuple[int, ...]], rare: frozenset[str]
) -> tuple[int, ...] | None:
    """The notes of the backed sentence just before (``()`` when a figure's source line backs it),
    when this one carries on its event, quotation, agreement or data: it opens with a pronoun or a
    demonstrative ("He also stated", "These sanctions"), or shares enough words with it, names no
    other date and adds no new item.  None when it does not carry on a backed sentence."""
    if i == 0 or i - 1 not in backing or claims[i - 1].paragraph != claims[i].paragraph:
        return None
    if not backing[i - 1] and not claims[i - 1].exhibits:
        return None  # the sentence before has a marker, but no source note
    cue, before = claims[i].cues, claims[i - 1].cues
    if cue.dates and (not before.dates or other_event(cue.dates, before.dates)):
        return None  # it dates an event the backed sentence does not: a new fact, with its own source
    if cue.additive and not cue.anaphoric:
        return None
    shared = claims[i].words & claims[i - 1].words
    if cue.anaphoric or len(shared & rare) >= 2 or len(shared) >= 3:
        return backing[i - 1]
    return None


def _closed(
    i: int, claims: Sequence[_Claim], notes: dict[int, Note], factual: Sequence[bool], rare: frozenset[str]
) -> tuple[int, ...]:
    """The source note that closes the run of unmarked sentences this one sits in, when it backs it.

    The run ends at the next sentence of the paragraph with a source note; an explanatory note
    does not end it, an example note ends it without backing it.  The closing note backs the
    sentence when the sentence shares a word with the closing sentence or the note, or with the
    factual sentence after it that is itself backed (a chain); not when a sentence between names
    another event's date, when the closing sentence adds another item ("Similarly, ..."), or when
    the sentence names a year after the note's source was published.
    """
    paragraph = claims[i].paragraph
    j = i + 1
    by: tuple[int, ...] = ()
    while j < len(claims) and claims[j].paragraph == paragraph:
        if claims[i].cues.dates and claims[j].cues.dates and other_event(claims[i].cues.dates, claims[j].cues.dates):
            return ()
        if claims[j].markers:
            roles = [note_role(notes.get(n)) for n in claims[j].markers]
            if "example" in roles and "source" not in roles:
                return ()
            by = _source_notes(claims[j].markers, notes)
            if by:
                break
        j += 1
    if not by or _ADDITIVE.match(claims[j].text) or _too_late(claims[i].cues.dates, notes, by):
        return ()
    closing = claims[j].words | _content(" ".join(normalise(notes[n].text) for n in by))
    linked = False
    for k in range(j - 1, i - 1, -1):  # from the closing sentence back to this one
        direct = bool(claims[k].words & closing) or (
            k == j - 1 and (claims[j].cues.anaphoric or claims[j].cues.illustrates)
        )
        chained = k < j - 1 and linked and factual[k + 1] and bool(claims[k].words & claims[k + 1].words & rare)
        linked = direct or chained
    return (*_ibid_before(i, claims, notes, by), *by) if linked else ()


def _ibid_before(i: int, claims: Sequence[_Claim], notes: dict[int, Note], by: tuple[int, ...]) -> tuple[int, ...]:
    """The note before the run, when it is the same source as the closing note (an Ibid. chain)."""
    k = i - 1
    while k >= 0 and claims[k].paragraph == claims[i].paragraph and not claims[k].markers:
        k -= 1
    if k < 0 or claims[k].paragraph != claims[i].paragraph:
        return ()
    last = claims[k].markers[-1]
    before, after = notes.get(last), notes.get(by[0])
    if before and after and before.source_ids and before.source_ids == after.source_ids:
        return (last,)
    return ()


def _too_late(dates: Iterable[str], notes: dict[int, Note], by: Sequence[int]) -> bool:
    """Does the sentence name a year after every closing note's source was published?"""
    years = years_of(dates)
    published = [years_of([c.date]) for n in by for c in notes[n].citations if c.date]
    if not years or not published or not all(published):
        return False
    return min(years) > max(y for p in published for y in p)
