"""A hyphen at the end of a PDF line: a word broken there, or a word's own hyphen?

TeX (and typesetting programs like it) break words at line ends by themselves (``de-`` /
``velop``); a browser, Word and LibreOffice do not by default, so a hyphen ending one of their
lines is the word's (``high-`` / ``end``).  The document itself tells which, with no dictionary:

* a word it prints with a hyphen inside a line (``long-range``) keeps its hyphen at a line's end
  (so do two parts of a longer compound: ``Co-Analyst-`` / ``in-Charge``);
* a hyphen before a capital or a figure is the word's or the number's own (``non-`` / ``WIC``,
  ``904-`` / ``2272``): the lines are joined keeping it, unless the document prints the word whole;
* with no other evidence, a word that has a hyphen of its own before the one at the line's end
  breaks only at its hyphens (as TeX, word processors and browsers break such words);
* a word it prints whole (``develop``) is joined;
* a word it prints both ways (``breastfeeding`` in the text, ``Breast-feeding`` in a title it
  cites) is joined when the document breaks words, else keeps its hyphen;
* any other word is joined when the document breaks words itself (at least two of its line ends
  are words it prints whole elsewhere, and more of them than are words it prints hyphenated),
  and keeps its hyphen when the document does not (more of its line ends are words it prints
  hyphenated);
* with no such evidence, a document set ragged-right keeps the hyphen (words are broken to fill
  justified lines; a ragged edge has no need to); in justified lines (or too few lines to tell)
  the hyphen stays between two words the document prints elsewhere (``high-`` / ``end``) and
  goes inside a word (``impor-`` / ``tant``).
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from briefs_analyzer.ingest.pdflines import VLine

_URLISH = re.compile(r"(?:https?://|www\.|/)\S*$")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_LAST_PART = re.compile(r"([^\W\d_]+)-$")
_FIRST_PART = re.compile(r"^([^\W\d_]+)")
_COMPOUND_END = re.compile(r"[^\W\d_]-[^\W\d_]+-$")
_MIN_PART = 3  # a word's part shorter than this is a syllable (``re-``, ``de-``), not a word
_RUNNING_WORDS = 5  # a line of running text has this many words or more
_MIN_LINES = 4  # a column's lines, to tell where its right edge is
_FLUSH = 0.3  # a line ends flush within this many times its size of its column's right edge
_FLUSH_SHARE = 0.5  # lines of justified text end flush (all but a paragraph's last)
_MIN_BREAKS = 2  # line ends that are words printed whole elsewhere, for a document to break words


def join_hyphen(previous: str, following: str) -> bool:
    """Should ``previous`` (ending in a hyphen) be joined to ``following`` without a space?

    A word broken at the line's end goes on in lower case (``de-`` / ``velop``); a capital or a
    figure after a word's hyphen goes on the same word (``non-`` / ``WIC``, ``Emrey-`` / ``Arras``,
    ``COVID-`` / ``19``), and so does a figure after a number's (``904-`` / ``2272``, ``99-`` / ``107``),
    and a capital after an abbreviation's (``U.S.-`` / ``India``).  A dash set apart (``word -``)
    is no hyphen.
    """
    if not previous.endswith("-") or len(previous) < 2:
        return False
    if _URLISH.search(previous):
        return False  # the hyphen in a URL is real, and the URL goes on
    first, last = following[:1], previous[-2]
    if last.isdigit():
        return first.isdigit()
    if last == ".":
        return first.isupper() or first.isdigit()
    return last.isalpha() and (first.isalpha() or first.isdigit())


def _breaks_word(previous: str, following: str) -> bool:
    """A hyphen at the line's end where a word may have been broken (lower case goes on)."""
    return join_hyphen(previous, following) and following[:1].islower()


def _parts(previous: str, following: str) -> tuple[str, str] | None:
    last, first = _LAST_PART.search(previous), _FIRST_PART.match(following)
    if last is None or first is None:
        return None
    return last.group(1).lower(), first.group(1).lower()


@dataclass(frozen=True)
class Hyphenation:
    """What a document's own words say about the hyphens ending its lines."""

    words: frozenset[str] = frozenset()  # words printed whole, lower-cased
    compounds: frozenset[str] = frozenset()  # words printed with a hyphen inside a line
    breaks_words: bool | None = None  # the document breaks words at line ends by itself (None: unknown)
    justified: bool | None = None  # its lines end flush with their column's right edge (None: too few)

    @classmethod
    def of(cls, lines: Iterable[VLine]) -> Hyphenation:
        ordered = list(lines)
        words: set[str] = set()
        compounds: set[str] = set()
        broken = False  # the line before ends in a hyphen: this line's first word is a part
        for ln in ordered:
            text = ln.text.rstrip()
            ends = _LAST_PART.search(text)
            for m in _WORD.finditer(text):
                if (broken and m.start() == 0) or (ends is not None and m.end() == ends.end(1)):
                    continue  # the parts of a word broken at a line's end are no words of their own
                word = m.group(0).lower()
                if "-" in word:
                    compounds.add(word)  # and each two parts of it (``analyst-in`` of ``co-analyst-in-charge``)
                    compounds.update(f"{a}-{b}" for a, b in itertools.pairwise(word.split("-")))
                words.update(word.split("-"))
            broken = ends is not None
        found = cls(frozenset(words), frozenset(compounds))
        whole = printed = 0
        for a, b in itertools.pairwise(ordered):
            if _breaks_word(a.text, b.text) and (parts := _parts(a.text, b.text)) is not None:
                printed += found._printed(*parts)
                whole += not found._printed(*parts) and "".join(parts) in words
        breaks = True if whole >= _MIN_BREAKS and whole > printed else False if printed > whole else None
        return cls(found.words, found.compounds, breaks, _justified(ordered))

    def _printed(self, left: str, right: str) -> bool:
        return f"{left}-{right}" in self.compounds

    def keeps(self, previous: str, following: str) -> bool:
        """Is the hyphen ending ``previous`` the word's own (kept when the lines are joined)?"""
        parts = _parts(previous, following)
        if parts is None:  # a number's hyphen, or one before a figure (``904-`` / ``2272``): no word broken
            return join_hyphen(previous, following) and not following[:1].islower()
        hyphenated, whole = self._printed(*parts), "".join(parts) in self.words
        if hyphenated != whole:
            return hyphenated
        if not following[:1].islower():
            return True  # a capital starts a word of its own (``Emrey-`` / ``Arras``)
        if _COMPOUND_END.search(previous):
            return True  # a word with a hyphen of its own breaks there only (``Co-Analyst-`` / ``in-Charge``)
        if hyphenated and self.breaks_words is None:
            return True
        if self.breaks_words is not None:  # printed both ways (a title quoted in another spelling) or neither
            return not self.breaks_words
        if self.justified is False:
            return True  # words are broken to fill justified lines; a ragged edge has no need to
        return all(len(part) >= _MIN_PART and part in self.words for part in parts)


def _justified(lines: Sequence[VLine]) -> bool | None:
    """Do most lines of running text end flush with the right edge of their column?"""
    columns: defaultdict[tuple[int, int], list[VLine]] = defaultdict(list)
    for ln in lines:
        if ln.words >= _RUNNING_WORDS:
            columns[ln.page, ln.flow].append(ln)
    flush = total = 0
    for column in columns.values():
        if len(column) < _MIN_LINES:
            continue
        edge = max(ln.x1 for ln in column)
        flush += sum(ln.x1 >= edge - _FLUSH * ln.size for ln in column)
        total += len(column)
    return None if total < 2 * _MIN_LINES else flush >= _FLUSH_SHARE * total
