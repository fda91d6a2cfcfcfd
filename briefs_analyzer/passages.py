"""Passages that are not claims: captions, boilerplate, back matter, summaries, the author's own contact lines.

Pure functions over a heading's or a sentence's text, with the word lists of ``data/support.toml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

from .factwords import CAPITALISED, FIRST_WORD, grammar, lexicon, normalise
from .sentences import split_sentences


def is_caption(text: str) -> bool:
    """``Source: ...``, ``Figure 3. ...``, ``Note: ...``: a caption or source line."""
    return bool(_caption().match(normalise(text)))


@cache
def _caption() -> re.Pattern[str]:
    openings = lexicon()["not_prose"]["caption_openings"]
    labelled = "|".join(re.escape(w) for w in openings if w.endswith(":"))
    numbered = "|".join(re.escape(w) for w in openings if not w.endswith(":"))
    return re.compile(rf"^\W*(?:(?:{labelled})|(?:{numbered})(?:\s+[A-Z]?-?\d+[.:]?|\s*$))", re.IGNORECASE)


def is_boilerplate(text: str) -> bool:
    """A copyright or reproduction notice, or a publisher's disclaimer."""
    return _boilerplate().search(normalise(text)) is not None


def notice_start(text: str) -> int | None:
    """Where a publisher's copyright, reproduction or reliance notice begins in a paragraph, if it
    holds one: two of its phrases or more (``not subject to copyright protection`` ... ``without
    further permission``), or ``©`` with one; from its label (``Disclaimer:``) when the notice is
    printed on after other text, else from the paragraph's start when the notice opens it (a
    phrase within its first sentences).  A sentence quoting one such phrase is no notice."""
    found = {m.group(0).lower() for m in _boilerplate().finditer(normalise(text))}
    if len(found) + ("©" in text) < 2:
        return None
    if (label := _NOTICE_LABEL.search(text)) is not None:
        return label.start()
    opening = split_sentences(text)[:_NOTICE_OPENING]
    return 0 if any(is_boilerplate(text[a:b]) or "©" in text[a:b] for a, b in opening) else None


def is_reference_entry(text: str) -> bool:
    """An entry of a reference list: it opens with an author, surname first (``Bliss, Mary``,
    ``Snell, B.J.``, ``World Bank.``), and holds a year and a quoted title, a year in
    parentheses or a volume and issue (``24:2``)."""
    head = text.lstrip()
    return _SURNAME_FIRST.match(head) is not None and _YEAR.search(head) is not None and _WORK.search(head) is not None


_SURNAME_FIRST = re.compile(r"[A-Z][\w'’\-]+(?:\s[A-Z][\w'’\-]+)?,\s(?:[A-Z][a-z]+|[A-Z]\.)")
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")
_WORK = re.compile(r"[“\"][^”\"]{8,}[”\"]|\((?:1[89]|20)\d\d\)|\b\d{1,4}:\d{1,3}\b")
_NOTICE_LABEL = re.compile(
    r"\b(?:disclaimers?|copyright(?:\s+notice)?|legal\s+notice|rights\s+and\s+permissions|terms\s+of\s+use)\s*:",
    re.IGNORECASE,
)
_NOTICE_OPENING = 4  # a notice's phrases come within its first sentences ("Prepared by ... It may not ...")


@cache
def _boilerplate() -> re.Pattern[str]:
    phrases = lexicon()["not_prose"]["boilerplate"]
    return re.compile("|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases), re.IGNORECASE)


def organisations_named(texts: Iterable[str]) -> tuple[str, ...]:
    """The acronyms of the organisations whose full names the texts print ("Congressional Research
    Service" -> CRS): the author's organisation, read from a brief's front matter and furniture."""
    names: dict[str, str] = lexicon()["own_research"]["organisation_names"]
    joined = " ".join(normalise(t) for t in texts)
    return tuple(dict.fromkeys(acronym for name, acronym in names.items() if name in joined))


def summary_section(heading: str | None) -> bool:
    """Is ``heading`` the heading of the author's summary of the brief (results in brief, conclusions ...)?"""
    if not heading:
        return False
    words = " ".join(re.sub(r"[^\w\s',]", " ", normalise(heading).lower()).split())
    return words in frozenset(lexicon()["structure"]["summary_headings"])


def back_matter(heading: str | None) -> bool:
    """Is ``heading`` the heading of back matter (author information, acknowledgments, disclaimer ...)?"""
    if not heading:
        return False
    words = " ".join(re.sub(r"[^\w\s',]", " ", normalise(heading).lower()).split())
    return words in _back_matter_headings()


@cache
def _back_matter_headings() -> frozenset[str]:
    return frozenset(lexicon()["not_prose"]["back_matter_headings"])


def capitalised_names(texts: Sequence[str]) -> frozenset[str]:
    """Words the texts print capitalised after their first word: the brief's names (``Iran``, ``Congress``)."""
    out: set[str] = set()
    for text in texts:
        plain = normalise(text)
        first = FIRST_WORD.match(plain)
        for m in CAPITALISED.finditer(plain):
            if first and m.start() == first.start(1):
                continue
            word = m.group(0).rstrip(".'")
            if word not in grammar("capitalised_function_words"):
                out.add(word)
    return frozenset(out)
