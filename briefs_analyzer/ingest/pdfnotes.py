"""A PDF page's notes: the footnote zone of each column, where a note starts and what number it has,
endnotes gathered at the end of the document, a notes list as a browser prints it.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from briefs_analyzer.ingest.pdfchars import PageContent
from briefs_analyzer.ingest.pdflines import VLine
from briefs_analyzer.ingest.regions import rule_rows
from briefs_analyzer.patterns import NOTES_HEADING

NOTE_START_PLAIN = re.compile(r"^(\d{1,4})(?:\.|\))?\s+\S")


@dataclass
class NoteBlock:
    number: int
    lines: list[VLine] = field(default_factory=list)

    @property
    def size(self) -> float:
        """The size its text is set in (a number standing alone on its line left out)."""
        text = [ln.size for ln in self.lines if not ln.text.strip().isdigit()] or [ln.size for ln in self.lines]
        return statistics.median(text)


# ---------------------------------------------------------------------------------------
# the footnote zone, per column
# ---------------------------------------------------------------------------------------


def footnote_zone(
    lines: list[VLine], page: PageContent, body_size: float, expected: int, carried: float | None = None
) -> tuple[int, bool]:
    """Index into one column's ``lines`` (furniture removed) where its footnotes begin.

    Under a separator rule, the zone may open with the rest of a note from the page before, set as
    that note is (``carried``: its size, None before the first note); without one, it must open
    with the next note number (``expected``), so the small print of a chart at the foot of a page is
    not taken for notes.  Returns the index, and whether a rule opened the zone.
    """
    if not lines:
        return 0, False
    x0, x1 = min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)
    width = x1 - x0

    def smaller(i: int) -> float:
        """Notes are set smaller than the body text of their column above them."""
        above = [ln.size for ln in lines[:i] if ln.words >= 6]  # the column's running text
        if not above or any(abs(size - body_size) < 0.5 for size in above):
            return body_size * 0.95
        return min(max(above), body_size * 1.5) * 0.95

    # A table's border drawn cell by cell is one rule across the table, not a short separator.
    for y, rule_x0, rule_x1 in sorted(rule_rows(page), reverse=True):  # the lowest rule with notes under it
        if y < page.height * 0.3 or rule_x1 - rule_x0 > max(page.width * 0.7, 0.9 * width) + 1:
            continue
        if rule_x1 < x0 - 5 or rule_x0 > x1 + 5:
            continue  # the rule of another column
        below = [i for i, ln in enumerate(lines) if ln.top >= y - 1]
        if not below or rule_x0 > min(lines[i].x0 for i in below) + body_size:
            continue  # a separator opens the column of notes under it; a chart's leader line does not
        limit = smaller(below[0])
        # Under the rule: smaller print, or notes set at the body's size, the next of which opens
        # with its number within the first lines.  What comes before the first note (its number
        # raised, alone or printed plain) is the rest of a note from the page before, set in that
        # note's size (a slide's bullets under a rule are not).
        first = next((i for i in below[:5] if _opens_note(lines, i, expected)), None)
        opens = next((i for i in below if _opens_note(lines, i, expected) or _plain_number(lines[i], expected)), None)
        rest = [i for i in below if opens is None or i < opens]
        carries = carried is None or all(abs(lines[i].size - carried) <= 0.5 for i in rest)
        carried_on = carried is not None and carries and opens is not None
        if first is None and carried_on and opens is not None and _opens_note(lines, opens, expected):
            # The rest of a long note (a URL broken over a narrow column's lines) may run on for
            # more than a few lines before the next note opens.
            first = opens
        close = lines[below[0]].top - y < 3 * body_size
        if close and carries and (first is not None or all(lines[i].size < limit for i in below)):
            return below[0], True
    for i in range(len(lines)):
        if lines[i].top < page.height * 0.3 or not _opens_note(lines, i, expected):
            continue
        limit = smaller(i)
        if all(ln.size < limit for ln in lines[i:]):
            return i, False
    return len(lines), False


def _opens_note(lines: Sequence[VLine], i: int, expected: int) -> bool:
    """Does line ``i`` open the next note (``expected``), or a raised 1 that numbers a part's notes anew?"""
    number = _note_number(lines, i)
    return number == expected or (number == 1 and lines[i].starts_with_marker)


def _plain_number(ln: VLine, expected: int) -> bool:
    """Does ``ln`` open the next note (or a first one) with its number printed at the text's size?"""
    m = NOTE_START_PLAIN.match(ln.text)
    return m is not None and int(m.group(1)) in (expected, 1)


def _note_number(lines: Sequence[VLine], i: int) -> int | None:
    """The number a footnote line opens with: a raised number, or a number alone on its line set
    smaller than the note text under it (a table's last cell is not)."""
    ln = lines[i]
    if ln.starts_with_marker:
        return ln.lead_number
    if ln.text.isdigit() and len(ln.text) <= 4:
        following = lines[i + 1] if i + 1 < len(lines) else None
        if following is not None and ln.size < 0.9 * following.size and following.top - ln.bottom < following.size:
            return int(ln.text)
    return None


def split_notes(lines: Sequence[VLine], notes: list[NoteBlock], body: list[VLine], *, ruled: bool = False) -> None:
    """Lines of a footnote zone -> notes (each opens with its number), continuing the last note.

    A number set at the size of its text (``1 Jon Weimer, ...``) opens a note when it is the next
    number, or, first under a separator rule, when it is 1 (a part that numbers its notes anew).
    """
    for i, ln in enumerate(lines):
        number = _note_number(lines, i)
        expected = notes[-1].number + 1 if notes else 1
        plain = NOTE_START_PLAIN.match(ln.text) if number is None else None
        if plain and (int(plain.group(1)) == expected or (ruled and i == 0 and int(plain.group(1)) == 1)):
            number = int(plain.group(1))
        if number is not None:
            notes.append(NoteBlock(number, [ln]))
        elif notes:
            notes[-1].lines.append(ln)
        else:
            body.append(ln)


def endnotes(lines: list[VLine], notes: list[NoteBlock], page_rules: dict[int, PageContent]) -> list[VLine]:
    """Notes set as a list: under a Notes/Endnotes/... heading, or the numbered list after a rule
    that ends a web page printed to PDF.  Returns the lines left to the body."""
    out: list[VLine] = []
    i = 0
    while i < len(lines):
        ln = lines[i]
        heading = NOTES_HEADING.match(ln.text) is not None and not ln.marks
        listed = not heading and _list_start(lines, i, notes, page_rules)
        if not (heading or listed):
            out.append(ln)
            i += 1
            continue
        j = i + 1 if heading else i
        taken: list[NoteBlock] = []
        while j < len(lines):
            item = lines[j]
            number = _item_number(item)
            expected = (taken[-1].number if taken else notes[-1].number if notes else 0) + 1
            if number == expected or (number == 1 and not taken):
                taken.append(NoteBlock(number, [item]))
            elif taken and (item.size <= taken[-1].lines[-1].size + 0.5) and not _is_heading_line(item):
                taken[-1].lines.append(item)
            else:
                break
            j += 1
        if not taken:
            out.append(ln)
            i += 1
            continue
        notes.extend(taken)
        i = j
    return out


def _item_number(ln: VLine) -> int | None:
    if ln.starts_with_marker:
        return ln.lead_number
    m = NOTE_START_PLAIN.match(ln.text)
    return int(m.group(1)) if m else None


def _list_start(lines: Sequence[VLine], i: int, notes: Sequence[NoteBlock], pages: dict[int, PageContent]) -> bool:
    """Does the numbered list of notes that ends a web page printed to PDF start here?

    It must run to the end of the document (numbered items in sequence, each followed by the
    lines that continue it), and be set off by a rule above its first item or carry ``↩``
    back-links on most of its items.
    """
    ln = lines[i]
    if ln.starts_with_marker or _item_number(ln) != (notes[-1].number + 1 if notes else 1):
        return False
    expected = _item_number(ln) or 0
    items = 0
    for o in lines[i:]:
        number = _item_number(o)
        if number == expected:
            items += 1
            expected += 1
        elif _is_heading_line(o) or o.size > ln.size + 0.5:
            return False
    page = pages.get(ln.page)
    ruled = page is not None and any(
        r.bottom <= ln.top and ln.top - r.bottom < 4 * ln.size and r.x1 - r.x0 > 0.3 * page.width for r in page.rules
    )
    arrows = sum(1 for o in lines[i:] if "↩" in o.text)
    return ruled or arrows >= max(1, items // 2)


def _is_heading_line(ln: VLine) -> bool:
    return ln.bold and ln.words <= 12 and not ln.text.rstrip().endswith(".")
