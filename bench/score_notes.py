"""Citation fields and repeats against the hand-labelled notes (tests/data/labels/notes/), in one run.

Two ways of reading each labelled document are scored:

``texts``
    the parser and resolver alone, on the labels' own note texts (``resolve_notes`` over notes
    built from the labels): what the citation stages get right when the note text is right;
``pdf``
    the whole analyser on the labelled PDF (``analyze_file`` with the default stages): layout
    errors (a note cut, a page break left in) show here and not above.

Notes are matched by number (where a PDF restarts its numbering, the note whose text is closest to
the label's); citations within a note are matched in order (an order-keeping alignment that pairs
the citations agreeing on the most fields).  For each field the scorer counts a true positive when
the two values agree, a false positive for a predicted value that is wrong or not in the label, and
a false negative for a label value that was missed; authors and identifiers count one per name or
per (scheme, value) pair.  Strings are compared after NFKC, straight quotes and dashes, single spaces
and without trailing punctuation.  ``overall`` adds up every field.  ``repeats`` is the share of
labelled repeats (a citation's ``repeats``) whose predicted citation names the same earlier note.

The baseline is the same measurement of another git revision (default ``main``): its package is
taken with ``git archive`` into a temporary folder and run in a child process, so both sets of
figures come from one run.

usage: python bench/score_notes.py [--baseline REV | --no-baseline] [--mode texts|pdf|both] [--details]
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "tests" / "data" / "labels" / "notes"
REAL = ROOT / "tests" / "data" / "real"
FIELDS = ("authors", "title", "container", "publisher", "date", "url", "identifiers")
LIST_FIELDS = ("authors", "identifiers")
MODES = ("texts", "pdf")

Cite = dict[str, Any]  # one citation: the label's fields (identifiers as a dict)
Predictions = dict[str, dict[str, dict[str, list[Cite]]]]  # mode -> document -> note number -> citations

_STRAIGHT = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " "})


# --- labels -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class LabelledNote:
    number: int
    text: str
    kind: str
    citations: tuple[Cite, ...]


@dataclass(frozen=True)
class LabelledDocument:
    name: str  # the PDF's file name
    notes: tuple[LabelledNote, ...]


def load_labels(folder: Path = LABELS) -> list[LabelledDocument]:
    docs = []
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        notes = tuple(LabelledNote(n["number"], n["text"], n["kind"], tuple(n["citations"])) for n in data["notes"])
        docs.append(LabelledDocument(data["document"], notes))
    return docs


# --- predictions (this function runs under the code being measured, today's or the baseline's) ---
def _citation_dict(citation: Any, note: Any, index: int) -> Cite:
    repeats = getattr(citation, "repeats", None)
    if repeats is None and index == 0 and note.kind in ("ibid", "short", "supra"):
        repeats = note.antecedent  # older code kept the repeat on the note only
    return {
        "kind": citation.kind,
        "authors": list(citation.authors),
        "title": citation.title,
        "container": citation.container,
        "publisher": getattr(citation, "publisher", None),
        "date": citation.date,
        "accessed": citation.accessed,
        "url": citation.url,
        "identifiers": dict(getattr(citation, "identifiers", ()) or ()),
        "repeats": repeats,
    }


def _notes_dict(notes: Iterable[Any]) -> dict[str, list[dict[str, Any]]]:
    """Note number -> every note with that number (a PDF may restart its numbering)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for note in notes:
        cites = [_citation_dict(c, note, i) for i, c in enumerate(note.citations) if c.kind != "commentary"]
        out.setdefault(str(note.number), []).append({"text": note.text, "kind": note.kind, "citations": cites})
    return out


def predict(docs: Sequence[LabelledDocument], modes: Sequence[str]) -> dict[str, dict[str, Any]]:
    """What the analyser on ``sys.path`` makes of every labelled document, as plain JSON values."""
    from briefs_analyzer.model import Note
    from briefs_analyzer.resolve import resolve_notes

    out: dict[str, dict[str, Any]] = {mode: {} for mode in modes}
    for doc in docs:
        if "texts" in modes:
            notes = [Note(number=n.number, text=n.text, line=n.number, style="plain") for n in doc.notes]
            out["texts"][doc.name] = _notes_dict(resolve_notes(notes).notes)
        if "pdf" in modes:
            from briefs_analyzer.corpus import analyze_file
            from briefs_analyzer.pipeline import default_stages

            brief = analyze_file(REAL / doc.name, default_stages())
            out["pdf"][doc.name] = _notes_dict(brief.notes)
    return out


# --- scoring ----------------------------------------------------------------------------------
def norm(value: object) -> str:
    text = " ".join(unicodedata.normalize("NFKC", str(value)).translate(_STRAIGHT).split())
    return text.rstrip(".,;: ")


def values(cite: Cite, name: str) -> set[str]:
    """A field's values as a set of normalised strings (empty when the field is unset)."""
    value = cite.get(name)
    if name == "identifiers":
        return {f"{k}: {norm(v)}" for k, v in (value or {}).items()}
    if name == "authors":
        return {norm(a) for a in value or ()}
    return {norm(value)} if value not in (None, "") else set()


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Score:
    fields: dict[str, Counts] = field(default_factory=lambda: {f: Counts() for f in FIELDS})
    repeats: int = 0  # labelled repeats
    repeats_right: int = 0
    repeats_wrong: int = 0  # a predicted repeat that is not the labelled one (or where none is labelled)
    notes: int = 0
    kinds_right: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def overall(self) -> Counts:
        total = Counts()
        for counts in self.fields.values():
            total.add(counts)
        return total

    def add(self, other: Score) -> None:
        for name in FIELDS:
            self.fields[name].add(other.fields[name])
        self.repeats += other.repeats
        self.repeats_right += other.repeats_right
        self.repeats_wrong += other.repeats_wrong
        self.notes += other.notes
        self.kinds_right += other.kinds_right
        self.errors.extend(other.errors)


def _field_counts(gold: Cite | None, pred: Cite | None, name: str) -> Counts:
    g = values(gold, name) if gold else set()
    p = values(pred, name) if pred else set()
    return Counts(tp=len(g & p), fp=len(p - g), fn=len(g - p))


def _agreement(gold: Cite, pred: Cite) -> int:
    return sum(len(values(gold, f) & values(pred, f)) for f in FIELDS) + (gold.get("repeats") == pred.get("repeats"))


def align(gold: Sequence[Cite], pred: Sequence[Cite]) -> list[tuple[Cite | None, Cite | None]]:
    """An order-keeping pairing of two citation lists that maximises the fields they agree on."""
    n, m = len(gold), len(pred)
    best = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            best[i][j] = max(best[i + 1][j], best[i][j + 1], best[i + 1][j + 1] + _agreement(gold[i], pred[j]))
    pairs: list[tuple[Cite | None, Cite | None]] = []
    i = j = 0
    while i < n and j < m:
        if best[i][j] == best[i + 1][j + 1] + _agreement(gold[i], pred[j]) and _agreement(gold[i], pred[j]) > 0:
            pairs.append((gold[i], pred[j]))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            pairs.append((gold[i], None))
            i += 1
        else:
            pairs.append((None, pred[j]))
            j += 1
    pairs.extend((g, None) for g in gold[i:])
    pairs.extend((None, p) for p in pred[j:])
    return pairs


def _pick(candidates: list[dict[str, Any]], text: str) -> dict[str, Any] | None:
    """The predicted note with this number whose text is closest to the label's."""
    if not candidates:
        return None
    return max(candidates, key=lambda c: difflib.SequenceMatcher(None, norm(c["text"]), norm(text)).ratio())


def score_document(doc: LabelledDocument, predicted: dict[str, list[dict[str, Any]]]) -> Score:
    score = Score()
    for note in doc.notes:
        found = _pick(predicted.get(str(note.number), []), note.text)
        pred_cites: list[Cite] = found["citations"] if found else []
        score.notes += 1
        score.kinds_right += bool(found and found["kind"] == note.kind)
        for gold, pred in align(note.citations, pred_cites):
            for name in FIELDS:
                counts = _field_counts(gold, pred, name)
                score.fields[name].add(counts)
                if counts.fp or counts.fn:
                    got = sorted(values(pred, name)) if pred else "-"
                    want = sorted(values(gold, name)) if gold else "-"
                    score.errors.append(f"{doc.name} n.{note.number} {name}: got {got} want {want}")
            want_repeat = gold.get("repeats") if gold else None
            got_repeat = pred.get("repeats") if pred else None
            if want_repeat is not None:
                score.repeats += 1
                score.repeats_right += got_repeat == want_repeat
            if got_repeat is not None and got_repeat != want_repeat:
                score.repeats_wrong += 1
            if want_repeat != got_repeat:
                score.errors.append(f"{doc.name} n.{note.number} repeats: got {got_repeat} want {want_repeat}")
    return score


def score_all(docs: Sequence[LabelledDocument], predicted: dict[str, Any]) -> dict[str, Score]:
    """Document name -> its score, and ``"overall"`` -> the sum."""
    scores = {doc.name: score_document(doc, predicted.get(doc.name, {})) for doc in docs}
    total = Score()
    for s in scores.values():
        total.add(s)
    scores["overall"] = total
    return scores


# --- the baseline -------------------------------------------------------------------------------
def baseline_predictions(revision: str, modes: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Run :func:`predict` with the package as it is at ``revision`` (git archive into a temp folder)."""
    with tempfile.TemporaryDirectory(prefix="score-notes-") as tmp:
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", "--format=tar", revision, "briefs_analyzer"],
            check=True,
            capture_output=True,
        ).stdout
        tar_path = Path(tmp) / "src.tar"
        tar_path.write_bytes(archive)
        with tarfile.open(tar_path) as tar:
            tar.extractall(tmp, filter="data")
        env = {**os.environ, "PYTHONPATH": tmp}
        out = subprocess.run(
            [sys.executable, __file__, "--predict", "--mode", ",".join(modes)],
            check=True,
            capture_output=True,
            env=env,
            cwd=tmp,
            text=True,
        ).stdout
    result: dict[str, dict[str, Any]] = json.loads(out)
    return result


# --- printing -----------------------------------------------------------------------------------
def _short(name: str) -> str:
    return name.removesuffix(".pdf")[:44]


def report(title: str, scores: dict[str, Score], baseline: dict[str, Score] | None) -> str:
    lines = [f"## {title}", ""]
    header = "| document | " + " | ".join(FIELDS) + " | overall P / R / F1 | repeats | kinds |"
    lines += [header, "|" + "---|" * (len(FIELDS) + 4)]
    for name, s in scores.items():
        base = baseline.get(name) if baseline else None
        cells = []
        for f in FIELDS:
            cell = f"{s.fields[f].f1:.3f}"
            if base is not None:
                cell = f"{base.fields[f].f1:.3f} → {cell}"
            cells.append(cell)
        o = s.overall
        overall = f"{o.precision:.3f} / {o.recall:.3f} / **{o.f1:.3f}**"
        repeats = f"{s.repeats_right}/{s.repeats}" + (f" ({s.repeats_wrong} wrong)" if s.repeats_wrong else "")
        kinds = f"{s.kinds_right}/{s.notes}"
        if base is not None:
            overall = f"{base.overall.f1:.3f} → {overall}"
            repeats = f"{base.repeats_right}/{base.repeats} → {repeats}"
            kinds = f"{base.kinds_right} → {kinds}"
        label = "**overall**" if name == "overall" else _short(name)
        lines.append(f"| {label} | " + " | ".join(cells) + f" | {overall} | {repeats} | {kinds} |")
    total = scores["overall"]
    lines += ["", "per field, overall (P / R / F1):"]
    for f in FIELDS:
        c = total.fields[f]
        base_text = ""
        if baseline:
            b = baseline["overall"].fields[f]
            base_text = f"   (baseline {b.precision:.3f} / {b.recall:.3f} / {b.f1:.3f})"
        lines.append(
            f"  {f:<12} {c.precision:.3f} / {c.recall:.3f} / {c.f1:.3f}   tp {c.tp} fp {c.fp} fn {c.fn}{base_text}"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", default="main", help="git revision to compare with (default: main)")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--mode", default="texts,pdf", help="texts, pdf or both (texts,pdf)")
    parser.add_argument("--details", action="store_true", help="print every disagreement")
    parser.add_argument("--predict", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    modes = [m for m in args.mode.replace("both", "texts,pdf").split(",") if m]
    docs = load_labels()
    if args.predict:  # the child process of the baseline: print predictions only
        print(json.dumps(predict(docs, modes)))
        return
    ours = predict(docs, modes)
    theirs = None if args.no_baseline else baseline_predictions(args.baseline, modes)
    n_notes = sum(len(d.notes) for d in docs)
    n_cites = sum(len(n.citations) for d in docs for n in d.notes)
    print(f"{len(docs)} documents, {n_notes} labelled notes, {n_cites} labelled citations")
    if theirs is not None:
        print(f"figures: baseline ({args.baseline}) → this tree")
    for mode in modes:
        scores = score_all(docs, ours[mode])
        base = score_all(docs, theirs[mode]) if theirs is not None else None
        print()
        print(report(f"{mode}: {'note texts from the labels' if mode == 'texts' else 'end to end from the PDFs'}",
                     scores, base))  # fmt: skip
        if args.details:
            print()
            print("\n".join(scores["overall"].errors))


if __name__ == "__main__":
    main()
