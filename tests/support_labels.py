"""The hand labels of claim support (``tests/data/labels/support``), matched to an analysed brief.

Shared by the tests and by ``bench/score_support.py``.  The PDF layer decides how a document's
sentences come out, so labels are matched to the analyser's claims by normalised text (NFKC,
straight quotes, single spaces): a label matches a claim when the two are equal, when one
contains the other (the shorter at least :data:`MIN_CONTAINED` characters), or when they are at
least :data:`MIN_RATIO` alike.  Labels are in document order, so each is looked for first after
the previous label's claim (a sentence printed twice, as in a GAO letter and its briefing
slides, is matched where the label sits).  A label the parser split over several claims takes
the strongest prediction among them (``cited`` > ``needs_source`` > ``covered`` > ``analysis`` >
``not_prose``): BA301 fires on the sentence when it fires on any part of it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from pathlib import Path

from briefs_analyzer.model import Brief, Sentence, Support
from tests.factories import norm

ROOT = Path(__file__).resolve().parents[1]
SUPPORT_LABELS = ROOT / "tests" / "data" / "labels" / "support"
# Kept for an independent check of the model: never labelled here, never tuned on.
HELD_OUT = ("crs-r48908", "crs-r48902", "gao-07-283")
VALUES: tuple[Support, ...] = ("cited", "covered", "needs_source", "analysis", "not_prose")
KINDS = (
    "a dated event",
    "a figure",
    "a quotation",
    "an attributed statement",
    "an action of a named actor",
    "a legal fact",
    "a technical fact",
)
MIN_CONTAINED = 25
MIN_RATIO = 0.9
_STRENGTH: dict[Support, int] = {"cited": 4, "needs_source": 3, "covered": 2, "analysis": 1, "not_prose": 0}


@dataclass(frozen=True)
class Label:
    text: str
    label: Support
    markers: tuple[int, ...]
    covered_by: tuple[int, ...]
    kind: str | None
    reason: str | None


@dataclass(frozen=True)
class Match:
    """A label and the claims it was matched to (none: not found in the analyser's output)."""

    label: Label
    claims: tuple[Sentence, ...]

    @property
    def found(self) -> bool:
        return bool(self.claims)

    @property
    def whole(self) -> bool:
        """Found as a whole sentence, not only as a fragment the layout cut from it."""
        text = norm(self.label.text)
        return sum(len(norm(c.text)) for c in self.claims) >= MIN_RATIO * len(text)

    @property
    def predicted(self) -> Support | None:
        values: list[Support] = [c.support for c in self.claims if c.support is not None]
        if not values:
            return None
        return max(values, key=_STRENGTH.__getitem__)


def label_files() -> list[Path]:
    return sorted(SUPPORT_LABELS.glob("*.jsonl"))


def load_labels(path: Path) -> list[Label]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        raw = json.loads(line)
        out.append(
            Label(
                text=raw["text"],
                label=raw["label"],
                markers=tuple(raw.get("markers") or ()),
                covered_by=tuple(raw.get("covered_by") or ()),
                kind=raw.get("kind"),
                reason=raw.get("reason"),
            )
        )
    return out


def document_for(stem: str) -> Path:
    """The file a label set describes: a real report (tests/data/real) or a seed (corpus/)."""
    for folder in (ROOT / "tests" / "data" / "real", ROOT / "corpus"):
        for suffix in (".pdf", ".txt", ".md"):
            path = folder / f"{stem}{suffix}"
            if path.exists():
                return path
    raise FileNotFoundError(f"no document for the labels {stem}")


def _alike(label: str, claim: str) -> bool:
    if label == claim:
        return True
    shorter, longer = sorted((label, claim), key=len)
    if len(shorter) >= MIN_CONTAINED and shorter in longer:
        return True
    if 2 * len(shorter) < MIN_RATIO * (len(label) + len(claim)):  # the ratio's upper bound
        return False
    return SequenceMatcher(None, label, claim, autojunk=False).ratio() >= MIN_RATIO


def _pieces(label: str, claims: Sequence[str], start: int) -> list[int]:
    """Consecutive claims from ``start`` that together make up ``label`` (a sentence the parser split)."""
    out: list[int] = []
    rest = label
    i = start
    while i < len(claims) and rest:
        piece = claims[i]
        if len(piece) < 2 or not rest.startswith(piece):
            break
        out.append(i)
        rest = rest[len(piece) :].lstrip()
        i += 1
    return out if not rest and len(out) > 1 else []


def match_labels(brief: Brief, labels: Iterable[Label]) -> list[Match]:
    """Each label with the claims of ``brief`` it matches, looked for in document order."""
    claims = [norm(c.text) for c in brief.sentences]
    out: list[Match] = []
    cursor = 0
    for label in labels:
        text = norm(label.text)
        order = [*range(cursor, len(claims)), *range(cursor)]
        hit = next((i for i in order if _alike(text, claims[i])), None)
        if hit is not None:
            out.append(Match(label, (brief.sentences[hit],)))
            cursor = hit
            continue
        split = next((p for i in order if (p := _pieces(text, claims, i))), [])
        if split:
            out.append(Match(label, tuple(brief.sentences[i] for i in split)))
            cursor = split[-1]
            continue
        out.append(Match(label, ()))
    return out


@dataclass(frozen=True)
class Score:
    """Precision, recall and F1 of one value (``needs_source``), over labels; unfound labels are misses."""

    true_positive: int
    false_positive: int
    false_negative: int

    @property
    def precision(self) -> float:
        flagged = self.true_positive + self.false_positive
        return self.true_positive / flagged if flagged else 0.0

    @property
    def recall(self) -> float:
        wanted = self.true_positive + self.false_negative
        return self.true_positive / wanted if wanted else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(
            self.true_positive + other.true_positive,
            self.false_positive + other.false_positive,
            self.false_negative + other.false_negative,
        )


def score(pairs: Iterable[tuple[Support, bool | None]], value: Support = "needs_source") -> Score:
    """``pairs`` of (hand label, flagged?), where ``None`` means the sentence was not found."""
    counts: Counter[str] = Counter()
    for gold, flagged in pairs:
        if gold == value:
            counts["tp" if flagged else "fn"] += 1
        elif flagged:
            counts["fp"] += 1
    return Score(counts["tp"], counts["fp"], counts["fn"])


def replay(brief: Brief, matches: Sequence[Match]) -> Brief:
    """A brief whose claims are the labelled sentences themselves, in order, with the notes of
    ``brief``: the model judged on the sentences as labelled, whatever the PDF layer made of them.

    A found label keeps its claim's paragraph and section; a label not found joins the paragraph
    and section of the label before it.  Markers are the labels' (``cited`` lines).
    """
    sentences: list[Sentence] = []
    paragraph, section = 0, 0
    offset = 0
    for number, match in enumerate(matches, start=1):
        if match.claims:
            paragraph, section = match.claims[0].paragraph, match.claims[0].section
        text = match.label.text
        sentences.append(
            Sentence(
                id=number,
                text=text,
                section=section,
                start=offset,
                end=offset + len(text),
                markers=match.label.markers,
                line=number,
                paragraph=paragraph,
            )
        )
        offset += len(text) + 1
    return replace(brief, body=" ".join(s.text for s in sentences), sentences=tuple(sentences))


@dataclass(frozen=True)
class Judged:
    """One labelled sentence and what the model made of it.

    ``predicted`` is the support of the analyser's claim(s) the label matched (None when the
    label was not found); ``replayed`` is the support the model gives the labelled sentence itself
    in :func:`replay`, so that a sentence the PDF layer garbled is still judged.
    """

    document: str
    label: Label
    claims: tuple[Sentence, ...]
    whole: bool  # found as a whole sentence, not only as a fragment
    predicted: Support | None
    replayed: Support
    replayed_kind: str | None

    @property
    def found(self) -> bool:
        return bool(self.claims)

    @property
    def completed(self) -> Support:
        """The analyser's value where the sentence was found whole, else the replayed one."""
        return self.predicted if self.whole and self.predicted is not None else self.replayed

    @property
    def kind(self) -> str | None:
        if not self.whole:
            return self.replayed_kind
        kinds = [c.support_kind for c in self.claims if c.support == "needs_source"]
        return kinds[0] if kinds else None


def judge(stem: str, brief: Brief) -> list[Judged]:
    """Every label of document ``stem`` against ``brief`` (analysed with the support stage)."""
    from briefs_analyzer.support import assign_support

    matches = match_labels(brief, load_labels(SUPPORT_LABELS / f"{stem}.jsonl"))
    replayed = assign_support(replay(brief, matches)).sentences
    return [
        Judged(stem, m.label, m.claims, m.found and m.whole, m.predicted, r.support or "analysis", r.support_kind)
        for m, r in zip(matches, replayed, strict=True)
    ]


def needs_source_score(judged: Iterable[Judged], protocol: str = "strict") -> Score:
    """P/R/F1 of ``needs_source`` under a protocol: ``strict`` (through the analyser; a label not
    found is a miss), ``found`` (only labels found), ``completed`` (a label not found is judged
    on its own text, :func:`replay`)."""
    items = list(judged)
    if protocol == "found":
        items = [j for j in items if j.found]
    if protocol == "completed":
        return score((j.label.label, j.completed == "needs_source") for j in items)
    return score((j.label.label, j.predicted == "needs_source") for j in items)
