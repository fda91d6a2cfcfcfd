"""Entity mentions against the hand labels, ours beside bare spaCy, in one run.

The labels (``tests/data/labels/entities/*.json``, rubric in ``RUBRIC.md`` there) list, for
runs of whole sentences of real CRS reports, every mention with its span (``text`` and
``occurrence``), type and canonical name.  Two modes:

* **label text** (the main figure): each document's labelled sentences, joined in order as
  the paragraphs of one brief, go through the NLP layer, so a definition before a later
  short form is kept; predictions are compared by sentence, exact span and type.
* **end to end**: the document itself goes through ``analyze_file`` and the NLP layer; each
  labelled sentence is aligned to a claim by normalised text, and only aligned sentences
  are scored (how many were aligned is printed; it depends on the PDF layer).

Strict precision: a predicted mention inside a labelled sentence is correct only with the
exact span and type.  Recall: the gold mentions found exactly.  Canonical accuracy: over the
matched mentions, the canonical name is the label's.  Bare spaCy is the model's own ``ner``
(``nlp.pipe``, nothing of ours) with the type mapping :data:`BARE_TYPES`; its canonical
name is the span's text.

usage: python bench/score_entities.py [--errors] [--end-to-end]
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "data" / "labels" / "entities"
REAL = ROOT / "tests" / "data" / "real"
# Kept for an independent check: never scored, never opened here.
RESERVED = ("if12672", "r48903", "gao-07-106")
# Bare spaCy's labels as our types: countries and demonyms are what GPE and NORP mostly are in briefs.
BARE_TYPES = {
    "GPE": "state_actor",
    "NORP": "state_actor",
    "LOC": "location",
    "FAC": "location",
    "ORG": "organization",
    "PERSON": "person",
    "LAW": "legal_instrument",
    "DATE": "date",
    "PRODUCT": "weapon_system",
}


_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " "})


@dataclass(frozen=True)
class Mention:
    """A mention inside one labelled sentence: character offsets into the sentence."""

    sentence: int
    start: int
    end: int
    type: str
    canonical: str
    text: str
    qid: str | None = None
    demonym: bool = False


@dataclass(frozen=True)
class Labelled:
    """One document's labels."""

    document: str
    sentences: tuple[str, ...]
    gold: tuple[Mention, ...]
    not_person: tuple[str, ...]


@dataclass
class Score:
    """Counts of one comparison; add them up with ``+=``."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    canonical: int = 0
    qids: int = 0  # matched gold mentions with a Wikidata id
    qids_right: int = 0  # ... whose id we give too
    demonyms_right: int = 0  # matched mentions whose demonym flag is the label's
    missed: list[Mention] = field(default_factory=list)
    spurious: list[Mention] = field(default_factory=list)
    renamed: list[tuple[Mention, Mention]] = field(default_factory=list)

    def __iadd__(self, other: Score) -> Score:
        self.gold += other.gold
        self.predicted += other.predicted
        self.matched += other.matched
        self.canonical += other.canonical
        self.qids += other.qids
        self.qids_right += other.qids_right
        self.demonyms_right += other.demonyms_right
        self.missed += other.missed
        self.spurious += other.spurious
        self.renamed += other.renamed
        return self

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def canonical_accuracy(self) -> float:
        return self.canonical / self.matched if self.matched else 1.0


def occurrence_span(sentence: str, text: str, occurrence: int) -> tuple[int, int]:
    """The rubric's ``occurrence``: the n-th non-overlapping case-sensitive match of ``text``."""
    at = -len(text)
    for _ in range(occurrence):
        at = sentence.find(text, at + len(text))
        if at == -1:
            raise ValueError(f"{text!r} does not occur {occurrence} times in {sentence!r}")
    return at, at + len(text)


def load_labels(path: Path) -> Labelled:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if any(r in data["document"] for r in RESERVED):
        raise ValueError(f"{path}: a reserved document")
    sentences = tuple(s["text"] for s in data["sentences"])
    gold = []
    for i, s in enumerate(data["sentences"]):
        for m in s["mentions"]:
            start, end = occurrence_span(s["text"], m["text"], m["occurrence"])
            gold.append(
                Mention(i, start, end, m["type"], m["canonical"], m["text"], m.get("wikidata"), m.get("demonym", False))
            )
    return Labelled(data["document"], sentences, tuple(gold), tuple(data.get("not_person", ())))


def all_labels() -> list[Labelled]:
    return [load_labels(p) for p in sorted(LABELS.glob("*.json"))]


def norm(text: str) -> str:
    """Text for alignment and canonical comparison: NFKC, straight quotes, one space."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_QUOTES)
    return re.sub(r"\s+", " ", text).strip()


def compare(gold: Iterable[Mention], predicted: Iterable[Mention]) -> Score:
    gold_by = {(m.sentence, m.start, m.end, m.type): m for m in gold}
    pred_by = {(m.sentence, m.start, m.end, m.type): m for m in predicted}
    score = Score(gold=len(gold_by), predicted=len(pred_by))
    for key, g in gold_by.items():
        p = pred_by.get(key)
        if p is None:
            score.missed.append(g)
            continue
        score.matched += 1
        score.qids += g.qid is not None
        score.qids_right += g.qid is not None and p.qid == g.qid
        score.demonyms_right += p.demonym == g.demonym
        if norm(p.canonical) == norm(g.canonical):
            score.canonical += 1
        else:
            score.renamed.append((g, p))
    score.spurious = [p for key, p in pred_by.items() if key not in gold_by]
    return score


# --- running the analyser --------------------------------------------------------------------


def label_brief(labelled: Labelled) -> Any:
    """The labelled sentences as one brief: each a claim (id = its index + 1) and a paragraph."""
    from briefs_analyzer.model import Brief, Metadata, Sentence

    claims, start = [], 0
    for i, text in enumerate(labelled.sentences):
        claims.append(Sentence(i + 1, text, 0, start, start + len(text), (), i + 1, paragraph=i))
        start += len(text) + 2
    body = "\n\n".join(labelled.sentences)
    return Brief(labelled.document, "0" * 64, "text", Metadata(), body, (), tuple(claims), (), (), ())


def ours(brief: Any, nlp: Any, sentence_of: dict[int, int] | None = None) -> list[Mention]:
    """Our body mentions, by labelled sentence (``sentence_of``: claim id -> sentence index)."""
    from briefs_analyzer.nlp import annotate

    annotated = annotate(brief, nlp)
    claims = {s.id: s for s in annotated.sentences}
    out = []
    for e in annotated.entities:
        if e.place != "body" or e.claim_id is None:
            continue
        index = (sentence_of or {}).get(e.claim_id, e.claim_id - 1) if sentence_of is not None else e.claim_id - 1
        if sentence_of is not None and e.claim_id not in sentence_of:
            continue
        claim = claims[e.claim_id]
        start, end = e.start - claim.start, e.end - claim.start
        out.append(Mention(index, start, end, e.type, e.canonical, e.text, e.qid, e.demonym))
    return out


def bare(brief: Any, nlp: Any, sentence_of: dict[int, int] | None = None) -> list[Mention]:
    """Bare spaCy's entities in the claims' text, typed by :data:`BARE_TYPES`."""
    out = []
    for claim, doc in zip(brief.sentences, nlp.pipe(s.text for s in brief.sentences), strict=True):
        if sentence_of is not None and claim.id not in sentence_of:
            continue
        index = sentence_of[claim.id] if sentence_of is not None else claim.id - 1
        for ent in doc.ents:
            typ = BARE_TYPES.get(ent.label_)
            if typ:
                out.append(Mention(index, ent.start_char, ent.end_char, typ, ent.text, ent.text))
    return out


def load_bare(model: str) -> Any:
    import spacy

    nlp = spacy.load(model, exclude=["tagger", "parser", "senter", "attribute_ruler", "lemmatizer"])
    nlp.remove_pipe("tok2vec")  # en_core_web_sm's ner has its own tok2vec
    return nlp


@dataclass
class Result:
    document: str
    ours: Score
    bare: Score
    aligned: int = 0
    sentences: int = 0


def score_label_text(nlp: Any, bare_nlp: Any | None, labels: Sequence[Labelled] | None = None) -> list[Result]:
    """Label-text mode: per document, ours (and bare spaCy's, if given) against the labels."""
    results = []
    for labelled in labels or all_labels():
        brief = label_brief(labelled)
        theirs = compare(labelled.gold, bare(brief, bare_nlp)) if bare_nlp is not None else Score()
        n = len(labelled.sentences)
        results.append(Result(labelled.document, compare(labelled.gold, ours(brief, nlp)), theirs, n, n))
    return results


def align(labelled: Labelled, brief: Any) -> dict[int, int]:
    """Claim id -> labelled sentence index, for claims whose normalised text is a labelled sentence's."""
    wanted: dict[str, list[int]] = {}
    for i, text in enumerate(labelled.sentences):
        wanted.setdefault(norm(text), []).append(i)
    out = {}
    for claim in brief.sentences:
        free = wanted.get(norm(claim.text))
        if free:
            out[claim.id] = free.pop(0)
    return out


def score_end_to_end(nlp: Any, bare_nlp: Any | None, labels: Sequence[Labelled] | None = None) -> list[Result]:
    """End-to-end mode: the documents through ``analyze_file``, scored on the aligned sentences."""
    from briefs_analyzer.corpus import analyze_file
    from briefs_analyzer.nlp import annotate

    results = []
    for labelled in labels or all_labels():
        brief = analyze_file(REAL / labelled.document)
        sentence_of = align(labelled, brief)
        kept = set(sentence_of.values())
        gold = [m for m in labelled.gold if m.sentence in kept]
        theirs = compare(gold, bare(brief, bare_nlp, sentence_of)) if bare_nlp is not None else Score()
        mine = compare(gold, ours(brief, nlp, sentence_of))
        results.append(Result(labelled.document, mine, theirs, len(kept), len(labelled.sentences)))
        people = {e.text for e in annotate(brief, nlp).entities if e.type == "person"}
        wrong = sorted(name for name in labelled.not_person if any(name in p for p in people))
        print(f"  {labelled.document}: not_person names taken for people anywhere in the document: {wrong or 'none'}")
    return results


# --- printing --------------------------------------------------------------------------------


def _row(name: str, s: Score) -> str:
    return f"{s.precision:6.3f} {s.recall:6.3f} {s.canonical_accuracy:6.3f} ({s.matched}/{s.predicted}/{s.gold})"


def print_results(title: str, results: Sequence[Result]) -> tuple[Score, Score]:
    print(f"\n{title}")
    print(f"{'document':<58} {'aligned':>9}   ours: P      R      canon (match/pred/gold)   bare spaCy: P R canon")
    total_ours, total_bare = Score(), Score()
    for r in results:
        total_ours += r.ours
        total_bare += r.bare
        print(f"{r.document:<58} {r.aligned:>4}/{r.sentences:<4} {_row('ours', r.ours)}   {_row('bare', r.bare)}")
    aligned = sum(r.aligned for r in results)
    sentences = sum(r.sentences for r in results)
    print(f"{'all':<58} {aligned:>4}/{sentences:<4} {_row('ours', total_ours)}   {_row('bare', total_bare)}")
    s = total_ours
    print(
        f"ours, over the matched mentions: Wikidata id as labelled {s.qids_right}/{s.qids}, "
        f"demonym flag as labelled {s.demonyms_right}/{s.matched}"
    )
    return total_ours, total_bare


def print_errors(labels: Sequence[Labelled], results: Sequence[Result]) -> None:
    for labelled, r in zip(labels, results, strict=True):
        print(f"\n=== {labelled.document}")
        for m in r.ours.missed:
            print(f"  missed   s{m.sentence:<3} {m.text!r} {m.type} -> {m.canonical}")
        for m in r.ours.spurious:
            print(f"  spurious s{m.sentence:<3} {m.text!r} {m.type} -> {m.canonical}")
        for g, p in r.ours.renamed:
            print(f"  renamed  s{g.sentence:<3} {g.text!r} {g.type}: {p.canonical!r}, want {g.canonical!r}")


def main(argv: Sequence[str]) -> None:
    from briefs_analyzer.nlp import DEFAULT_MODEL, is_rule_based, load_pipeline

    nlp = load_pipeline(DEFAULT_MODEL)
    if is_rule_based(nlp):
        sys.exit(f"{DEFAULT_MODEL} is not installed: nothing to score")
    bare_nlp = load_bare(DEFAULT_MODEL)
    labels = all_labels()
    print(
        f"labels: {len(labels)} documents, {sum(len(x.sentences) for x in labels)} sentences, "
        f"{sum(len(x.gold) for x in labels)} mentions; model {DEFAULT_MODEL}"
    )
    results = score_label_text(nlp, bare_nlp, labels)
    print_results("label-text mode (the labelled sentences of each document as one brief)", results)
    if "--errors" in argv:
        print_errors(labels, results)
    if "--end-to-end" in argv:
        e2e = score_end_to_end(nlp, bare_nlp, labels)
        print_results("end-to-end mode (analyze_file; only the sentences aligned to a claim are scored)", e2e)
        if "--errors" in argv:
            print_errors(labels, e2e)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main(sys.argv[1:])
