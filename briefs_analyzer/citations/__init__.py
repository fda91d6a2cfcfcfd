"""Note text -> citations.

One note is turned into one or more :class:`~briefs_analyzer.model.Citation` objects in three
steps, each a small function:

``clean_note_text``
    joins URLs broken across lines (a break inside ``<...>`` is dropped; a bare URL that ends a
    line is continued by the next line when that line plainly continues it) and collapses spaces.
``split_citations``
    cuts the note into one chunk per citation: at ``;`` outside quotes, brackets and italics,
    then at sentence ends, then at ``, and`` between two short forms; leading signals
    (``See``, ``See also``, ``Cf.``, ``For more, see``) are dropped.
``parse_citation``
    reads one chunk: repeats first (``Ibid.``/``Id.``, ``supra``, cross-references), then legal
    forms (cases, codes), then the Chicago-style walk over comma-separated parts.

A note is ``commentary`` when none of its chunks cites anything; chunks of explanation in a note
that also cites are dropped.  Nothing here knows about other notes: resolution is in
:mod:`briefs_analyzer.resolve`.

The modules, in the order a note goes through them: ``patterns`` (the regular expressions and
word lists), ``clean`` (``clean_note_text``, protected spans), ``split`` (``split_citations``),
``note`` (``parse_note``: eyecite's legal citations, italics, merging repeats), ``forms``
(``parse_citation``: repeats and short legal forms), ``walk`` (the Chicago-style walk), ``names``
(what a part is; names normalised).
"""

from .clean import clean_note_text, clean_url, split_parts
from .forms import parse_citation
from .names import normalize_name
from .note import mark_italics, parse_note
from .split import split_citations, split_spans

__all__ = [
    "clean_note_text",
    "clean_url",
    "mark_italics",
    "normalize_name",
    "parse_citation",
    "parse_note",
    "split_citations",
    "split_parts",
    "split_spans",
]
