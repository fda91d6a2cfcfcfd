"""Reading order on a page: column gutters, then columns read one after another.

A *gutter* is a vertical channel of white space that no text crosses for several rows, with
text on both sides of it (the space between two columns, or between a table's columns).  It is
found from the characters themselves, so one, two or three columns, a title block across the top
of two columns, a figure across both, and footnotes at the foot of each column all come out:

* rows are cut into segments at the gutters that pass through them;
* the page is then read by recursive cuts (as an XY-cut): take the tallest gutter; what lies
  above it is read first, then the column left of it, then the one right of it, then what lies
  below; each part is cut again by the gutters inside it;
* each part that no gutter divides is a *flow*: its segments read top to bottom (left to right
  within a row).  A note zone is looked for at the foot of each flow, not only of the page.
* Headings set in a side margin (a narrow run of lines left of a flow's text) are read before the
  body line their first line stands beside, never between two lines of a paragraph.
"""

from __future__ import annotations

import itertools
import math
import statistics
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from briefs_analyzer.ingest.pdfchars import Char
from briefs_analyzer.ingest.pdflines import VLine, group_rows, line_from, printed, segments
from briefs_analyzer.patterns import LIST_MARK

_WORD_GAP = 0.45  # characters closer than this many times their size are one run of text
_MIN_GUTTER = 0.45  # a gutter is at least this many times the body size wide (and 3 points)
_MIN_ROWS = 3  # rows with text on both sides of it
_MIN_HEIGHT = 2.5  # and at least this many body sizes high
_WIDER = 1.3  # a gutter's gap in a row is this much wider than the row's word spaces
# A row of stretched words goes on beside a gutter found above if its gap keeps this share of the
# gutter's width (a line across three columns whose word space falls by a gutter does not).
_KEEPS = 0.6
# Rows less than this many body sizes apart follow one another (a column's next line, or a line of
# the next column set on its own baseline); a footer stands farther below.
_REACH = 1.5
_STREAM_JUMP = 8  # characters drawn this far apart in a page's content belong to two runs of text
_TOUCH = 0.2  # runs closer than this many times their size run into each other
_RUN_GLYPHS = 4  # a run of text printed over another has at least this many glyphs
_OVERRUN = 2.0  # an overfull line stops within this many body sizes past the gutter
_STACK = 0.2  # rows whose glyphs overlap by this share of their height stand over each other
_SIDE_SHARE = 0.3  # a side margin is narrower than this share of the flow's width


@dataclass
class Gutter:
    x0: float
    x1: float
    top: float
    bottom: float
    both: int = 1  # rows with text on both sides
    # The bottom of the last row with text left of it, and right of it.
    left: float = 0.0
    right: float = 0.0
    # Where a list's numbers standing in the channel begin: they belong to the text right of them.
    marks: float = math.inf
    # The bottom of the rows of one side that went on below the other side's last row (None: none)
    # and whether a row far below the ones above it (a footer) ended them.
    alone: float | None = None
    ended: bool = False

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def cut(self) -> float:
        """Where a row is cut at this gutter: the middle of its white channel, left of any list
        number standing in the channel (a list's hanging ``10.`` is the next column's)."""
        return (self.x0 + min(self.x1, self.marks)) / 2


def _covered(row: Sequence[Char]) -> tuple[list[tuple[float, float]], float, list[tuple[float, float]]]:
    """The x-intervals a row's characters cover, words of a line merged (row sorted by x), the
    width of its word spaces when they stand apart (:func:`_word_space`, else 0), and the
    x-intervals of its list marks.

    A list's bullet or number standing apart from its item (``•``, ``1.``, ``a)``) covers nothing
    here: the space after it is a hanging indent, not a column gutter.
    """
    out: list[tuple[float, float]] = []
    texts: list[str] = []
    bridging = _bridging(row)
    for i, c in enumerate(row):
        if not c.text.strip() and not bridging[i]:
            continue
        if out and c.x0 - out[-1][1] <= _WORD_GAP * c.size:
            out[-1] = (out[-1][0], max(out[-1][1], c.x1))
            texts[-1] += printed(c.text)
        else:
            out.append((c.x0, c.x1))
            texts.append(printed(c.text))
    kept = [(span, text) for span, text in zip(out, texts, strict=True) if not LIST_MARK.fullmatch(text)]
    marks = [span for span, text in zip(out, texts, strict=True) if LIST_MARK.fullmatch(text)]
    return [span for span, _ in kept], _word_space(kept), marks


def _word_space(runs: Sequence[tuple[tuple[float, float], str]]) -> float:
    """The width of a row's word spaces, when its words stand apart: the median gap between runs
    of a row of words (0 for fewer than three gaps, or a row of numbers).

    A justified line that cannot break a long word (a URL) is stretched until every word stands
    apart, and a few such lines one under another leave a channel as wide as a gutter (a river).
    Only a gap clearly wider than the row's own word spaces is a gutter's.
    """
    if len(runs) < 4 or 2 * sum(any(ch.isalpha() for ch in text) for _, text in runs) <= len(runs):
        return 0.0
    return statistics.median(b[0] - a[1] for (a, _), (b, _) in itertools.pairwise(runs))


def _bridging(row: Sequence[Char]) -> list[bool]:
    """For each character, whether it is a space standing between two words of one line.

    The gap such a space fills is a word space however wide the font sets it (a monospaced
    font's spaces line up from row to row like a gutter); a space with no word close after it
    (the end of a column's line) covers nothing.  One pass each way: linear in the row.
    """
    out = [False] * len(row)
    last: Char | None = None  # the last word character before each position
    for i, c in enumerate(row):
        if c.text.strip():
            last = c
        elif last is not None and c.x0 - last.x1 <= _WORD_GAP * c.size:
            out[i] = True
    following: Char | None = None
    for i in range(len(row) - 1, -1, -1):
        c = row[i]
        if c.text.strip():
            following = c
        elif out[i]:
            out[i] = following is not None and following.x0 - c.x1 <= _WORD_GAP * c.size
    return out


def _free(x0: float, x1: float, covered: Sequence[tuple[float, float]]) -> tuple[float, float] | None:
    """The widest part of [x0, x1] that ``covered`` leaves free (None if nothing is left)."""
    pieces = [(x0, x1)]
    for a, b in covered:
        if b <= x0 or a >= x1:
            continue
        pieces = [p for lo, hi in pieces for p in ((lo, min(hi, a)), (max(lo, b), hi)) if p[1] > p[0]]
    return max(pieces, key=lambda p: p[1] - p[0], default=None)


def find_gutters(rows: Sequence[Sequence[Char]], body_size: float, collided: Collection[int] = ()) -> list[Gutter]:
    """The page's gutters: white channels through several rows, with text on both sides.

    A row in ``collided`` (text of two columns printed over each other) neither opens nor closes
    a gutter: a gutter found above goes on through it.

    Two columns need not share their baselines (a list's spacing, a note set in one column): their
    rows then alternate, each with text on one side only.  A gutter reaches down as far as text
    stands on both sides of it, row by row or in turn; and on through the rows of one column that
    goes on after the other has ended (the last page's short column), unless those rows are a
    short line under a grid that text across the channel follows (a heading under a table).
    """
    min_width = max(_MIN_GUTTER * body_size, 3.0)
    reach = _REACH * body_size
    active: list[Gutter] = []
    done: list[Gutter] = []
    coverage = [_covered(row) for row in rows]
    for i, row in enumerate(rows):
        covered, space, marks = coverage[i]
        if not covered:
            continue
        top = min(c.top for c in row if c.text.strip())
        bottom = max(c.bottom for c in row if c.text.strip())
        if i in collided:
            for g in active:
                if g.both >= _MIN_ROWS:
                    g.bottom = max(g.bottom, bottom)
                    g.left = g.right = max(g.left, g.right, bottom)
            continue
        left, right = covered[0][0], covered[-1][1]
        still: list[Gutter] = []
        for g in active:
            free = _free(g.x0, g.x1, covered)
            if (free is None or free[1] - free[0] < min_width) and _overfull(
                g, covered, coverage[i + 1 : i + 3], body_size
            ):
                still.append(g)  # a line too long for its column, on a row of its own: the gutter goes on
                continue
            if free is None or free[1] - free[0] < min_width:
                _close(g, top, reach)
                done.append(g)
                continue
            width = g.x1 - g.x0
            g.x0, g.x1 = free
            g.marks = min([g.marks, *(a for a, b in marks if a > g.x0 and b < g.x1)])
            if left < g.x0 and right > g.x1:
                # The gutter reaches as far down as text stands on both sides of it: a short line
                # in one column below the last row of both (a heading under a grid) is not beside it.
                distinct = g.x1 - g.x0 > _WIDER * space
                g.both += distinct
                if distinct or (g.both >= _MIN_ROWS and g.x1 - g.x0 >= _KEEPS * width):
                    g.bottom = max(g.bottom, bottom)
                    g.alone, g.ended = None, False
                g.left = g.right = bottom
            elif g.both >= _MIN_ROWS:
                _one_side(g, left < g.x0, top, bottom, reach)
            still.append(g)
        for (_, a), (b, _) in itertools.pairwise(covered):
            if b - a >= min_width and not any(g.x0 < b and g.x1 > a for g in still):
                g = Gutter(a, b, top, bottom, both=int(b - a > _WIDER * space), left=bottom, right=bottom)
                g.marks = min([math.inf, *(x0 for x0, x1 in marks if x0 > a and x1 < b)])
                still.append(g)
        active = still
    for g in active:
        _close(g, math.inf, reach)
    done.extend(active)
    # A narrow channel (under an em) must run longer to be a gutter and not a river of word spaces.
    return [
        g
        for g in done
        if (g.both >= _MIN_ROWS and g.height >= _MIN_HEIGHT * body_size and g.x1 - g.x0 >= body_size)
        or (g.both >= 2 * _MIN_ROWS and g.height >= 2 * _MIN_HEIGHT * body_size)
    ]


def _one_side(g: Gutter, on_left: bool, top: float, bottom: float, reach: float) -> None:
    """A row with text on one side of ``g`` only.  The gutter reaches down as far as both sides
    have text (their rows in turn, when the columns keep their own baselines); a row that follows
    the rows above it closely goes on with them for now (:func:`_close` decides), until one far
    below them (a footer) ends that."""
    if top - max(g.left, g.right) > reach:
        g.ended = True
    elif not g.ended:
        g.alone = bottom
    if on_left:
        g.left = bottom
    else:
        g.right = bottom
    g.bottom = max(g.bottom, min(g.left, g.right))


def _close(g: Gutter, top: float, reach: float) -> None:
    """Rows one column went on with alone are the column's when no text across the channel
    follows right under them (that makes them a short line under a grid, not a column)."""
    if g.alone is not None and g.alone > g.bottom and top - g.alone > reach:
        g.bottom = g.alone
    g.alone = None


def _overfull(
    g: Gutter,
    covered: Sequence[tuple[float, float]],
    below: Sequence[tuple[list[tuple[float, float]], float, list[tuple[float, float]]]],
    body_size: float,
) -> bool:
    """Is the text crossing the gutter in this row one line of the column before, too long for it
    (a URL TeX could not break), that stops in the gutter or just past it, with the gutter clear
    again in the rows under it?  A heading or a figure across the columns runs far past it."""
    if g.both < _MIN_ROWS:
        return False
    crossing = [(a, b) for a, b in covered if a < g.x1 and b > g.x0]
    if len(crossing) != 1 or crossing[0][0] >= g.x0 or crossing[0][1] > g.x1 + _OVERRUN * body_size:
        return False
    clear = [_free(g.x0, g.x1, cov) for cov, _, _ in below if cov]
    return bool(clear) and all(f is not None and f[1] - f[0] >= _MIN_GUTTER * body_size for f in clear)


def _order(lines: list[VLine], gutters: Sequence[Gutter], flows: list[list[VLine]]) -> None:
    """Append the flows of ``lines`` to ``flows``, in reading order."""
    if not lines:
        return
    x0, x1 = min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)
    inside = [
        g
        for g in gutters
        if g.x0 >= x0 - 1
        and g.x1 <= x1 + 1
        and any(ln.x1 <= g.x0 + 1 and g.top - 1 <= ln.top <= g.bottom + 1 for ln in lines)
        and any(ln.x0 >= g.x1 - 1 and g.top - 1 <= ln.top <= g.bottom + 1 for ln in lines)
    ]
    if not inside:
        flows.append(sorted(lines, key=lambda ln: (ln.top, ln.x0)))
        return
    g = max(inside, key=lambda g: (g.height, g.x1 - g.x0))
    rest = [o for o in gutters if o is not g]
    above = [ln for ln in lines if ln.bottom <= g.top + 1]
    below = [ln for ln in lines if ln.top >= g.bottom - 1 and ln not in above]
    band = [ln for ln in lines if ln not in above and ln not in below]
    # A line is the column's it starts in (a line run on over the next column is the first's).
    left = [ln for ln in band if ln.x1 <= g.x0 + 1 or ln.x0 < g.x0 or (ln.x0 + ln.x1) / 2 < (g.x0 + g.x1) / 2]
    right = [ln for ln in band if ln not in left]
    for part in (above, left, right, below):
        _order(part, rest, flows)


def _side_first(flow: list[VLine], body_size: float) -> list[VLine]:
    """Headings in a side margin, read before the body line their first line stands beside.

    The side lines of one heading (a heading broken over lines) are kept together, so a
    paragraph beside them is never cut between two of its lines.
    """
    main = [ln for ln in flow if abs(ln.size - body_size) < 0.5]
    if len(main) < 3:
        return flow
    edges: dict[int, int] = {}
    for ln in main:
        edges[round(ln.x0)] = edges.get(round(ln.x0), 0) + 1
    left = max(edges, key=lambda e: edges[e])
    width = max(ln.x1 for ln in flow) - min(ln.x0 for ln in flow)
    side = [ln for ln in flow if ln.x1 < left - 5 and ln.x1 - ln.x0 < _SIDE_SHARE * width]
    if not side or len(side) > len(main):
        return flow
    groups: list[list[VLine]] = []
    for ln in side:
        if groups and ln.top - groups[-1][-1].bottom < 0.8 * ln.size:
            groups[-1].append(ln)
        else:
            groups.append([ln])
    rest = [ln for ln in flow if ln not in side]
    out: list[VLine] = []
    for ln in rest:
        while groups and groups[0][0].top <= ln.top + 2:
            out.extend(groups.pop(0))
        out.append(ln)
    for group in groups:
        out.extend(group)
    return out


def _colliding_runs(row: Sequence[Char], stream: dict[int, int]) -> list[list[Char]] | None:
    """The runs of text a row holds, in the order the PDF draws them, when two of them run into
    each other (a URL too long for its column runs on into the next one); None otherwise.

    A run is a stretch of characters drawn one after another (``stream``: each character's place
    in the page's content); two runs collide when each has a few glyphs and they overlap or meet
    with less than a word space between them.  An accent drawn over its letter is drawn with it
    (one run); two columns' lines have a gutter between them.
    """
    glyphs = [c for c in row if c.text.strip()]
    if not any(
        abs(stream[id(b)] - stream[id(a)]) > _STREAM_JUMP and b.x0 - a.x1 < _TOUCH * max(a.size, b.size)
        for a, b in itertools.pairwise(glyphs)
    ):
        return None
    runs: list[list[Char]] = []
    for c in sorted(row, key=lambda c: stream[id(c)]):
        if runs and stream[id(c)] - stream[id(runs[-1][-1])] <= _STREAM_JUMP:
            runs[-1].append(c)
        else:
            runs.append([c])
    spans = [
        (min(c.x0 for c in run), max(c.x1 for c in run), max(c.size for c in run))
        for run in runs
        if sum(1 for c in run if c.text.strip()) >= _RUN_GLYPHS
    ]
    if not any(
        min(a1, b1) - max(a0, b0) > -_TOUCH * max(sa, sb)
        for (a0, a1, sa), (b0, b1, sb) in itertools.combinations(spans, 2)
    ):
        return None
    return [sorted(run, key=lambda c: c.x0) for run in runs]


def _stacked(rows: Sequence[Sequence[Char]]) -> set[int]:
    """The rows whose glyphs stand over glyphs of the row before or after them: a line run on over
    the next column on a baseline of its own (its column's line spacing is not the next one's).

    Runs of glyphs are compared, each with its own height (a row may hold a title beside a column
    of smaller print); rows are sorted by top, so a row is compared with the next few only.
    """
    runs: list[list[tuple[float, float, float, float]]] = []
    for row in rows:
        out: list[tuple[float, float, float, float]] = []
        for c in row:
            if not c.text.strip():
                continue
            if out and c.x0 - out[-1][1] <= _WORD_GAP * c.size:
                x0, x1, top, bottom = out[-1]
                out[-1] = (x0, max(x1, c.x1), min(top, c.top), max(bottom, c.bottom))
            else:
                out.append((c.x0, c.x1, c.top, c.bottom))
        runs.append(out)
    found: set[int] = set()
    for i, mine in enumerate(runs):
        for j in range(i + 1, min(i + 3, len(runs))):
            if _over(mine, runs[j]):
                found.update((i, j))
    return found


def _over(a: Sequence[tuple[float, float, float, float]], b: Sequence[tuple[float, float, float, float]]) -> bool:
    """Does a run of ``a`` stand over one of ``b`` (both sorted by x): starting elsewhere, and
    overlapping across and by more than :data:`_STACK` of the smaller one's height?"""
    i = j = 0
    while i < len(a) and j < len(b):
        (ax0, ax1, atop, abottom), (bx0, bx1, btop, bbottom) = a[i], b[j]
        # A column's own lines start at its edge (set tight, their boxes may overlap): a line run on
        # over the next column starts in the column before, left of the line it stands over.
        if min(ax1, bx1) > max(ax0, bx0) and abs(ax0 - bx0) > _WORD_GAP * (abottom - atop + bbottom - btop):
            overlap = min(abottom, bbottom) - max(atop, btop)
            if overlap > _STACK * min(abottom - atop, bbottom - btop):
                return True
        if ax1 < bx1:
            i += 1
        else:
            j += 1
    return False


def page_lines(chars: Sequence[Char], page: int, body_size: float) -> list[VLine]:
    """The visual lines of a page in reading order, each with the flow (column) it belongs to."""
    rows = group_rows(chars)
    stream = {id(c): i for i, c in enumerate(chars)}
    collided = {i: runs for i, row in enumerate(rows) if (runs := _colliding_runs(row, stream)) is not None}
    # A line run on over the next column on its own baseline stands over that column's lines: the
    # gutter goes on beside it, and it is read whole, a line of the column it starts in.
    stacked = _stacked(rows).difference(collided)
    gutters = find_gutters(rows, body_size, collided.keys() | stacked)
    lines: list[VLine] = []
    for i, row in enumerate(rows):
        top = min(c.top for c in row)
        bottom = max(c.bottom for c in row)
        cuts = [g.cut for g in gutters if g.top - 1 <= top and bottom <= g.bottom + 1]
        if i in stacked:
            covered = _covered(row)[0]
            cuts = [g.cut for g in gutters if g.cut in cuts and _free(g.x0, g.x1, covered) == (g.x0, g.x1)]
        # Text printed over other text is read run by run, each a line of the column it starts in.
        parts = [segment for run in collided[i] for segment in segments(run)] if i in collided else segments(row, cuts)
        lines.extend(line_from(segment, page) for segment in parts)
    flows: list[list[VLine]] = []
    _order(lines, gutters, flows)
    out: list[VLine] = []
    for number, flow in enumerate(flows):
        for ln in _side_first(flow, body_size):
            ln.flow = number
            out.append(ln)
    for i, ln in enumerate(out, start=1):
        ln.index = i
    return out
