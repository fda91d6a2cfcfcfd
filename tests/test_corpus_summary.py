"""What `briefs analyze` shows under its table: what the corpus rests on, and where to look next."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from briefs_analyzer.cli import main
from briefs_analyzer.report.terminal import BriefRow, Single, Weighed, rests_on
from tests.conftest import SEEDS


def row(path: str, cited: int, sources: list[tuple[str, int]], singles: list[str], single_source: int) -> BriefRow:
    return BriefRow(
        path=path,
        date=None,
        title=None,
        authors="",
        sections=0,
        claims=cited + 2,
        cited=cited,
        notes=0,
        problems=0,
        errors=0,
        sources=tuple(Weighed(sid, f"Title of {sid}", n) for sid, n in sources),
        single_source=single_source,
        singles=tuple(Single(f"claim {c}", f"Title of {c[0]}") for c in singles),
    )


def test_sources_are_added_up_across_briefs_and_single_source_claims_quoted_brief_by_brief() -> None:
    rows = [
        row("a.txt", 4, [("x", 3), ("y", 1)], ["x1", "x2"], 2),
        row("b.txt", 5, [("y", 4), ("z", 2)], ["z1", "y1", "y2"], 3),
        row("c.txt", 0, [], [], 0),
    ]
    lines = [re.sub(r"\[/?bold\]", "", line) for line in rests_on(rows, top=3)]
    top = [line.split() for line in lines[2:5]]
    # y: 1 + 4 = 5 claims in 2 briefs; x: 3 in 1; z: 2 in 1
    assert [(t[0], t[3], t[-1]) for t in top] == [("5", "2", "y"), ("3", "1", "x"), ("2", "1", "z")]
    assert "Claims resting on a single source: 5 of 9 cited claims" in lines
    quoted = [line.strip() for line in lines if line.startswith("  ") and ": claim" in line]
    # b.txt has the most single-source claims: its first, then a.txt's first, then b.txt's second
    assert quoted == ["b.txt: claim z1", "a.txt: claim x1", "b.txt: claim y1"]
    assert lines[-1] == "One brief's claims with the sources under each: briefs show b.txt"


def test_nothing_to_say_when_no_claim_rests_on_a_source() -> None:
    assert rests_on([row("a.txt", 0, [], [], 0)]) == []


def test_analyze_shows_what_the_seeds_rest_on(tmp_path: Path) -> None:
    runner = CliRunner()
    seeds = [str(p) for p in sorted(SEEDS.glob("*.txt"))]
    data = json.loads(runner.invoke(main, ["analyze", *seeds, "--no-cache", "-q", "--format", "json"]).output)
    # Counted from the JSON document, independently of the table's code
    per_source: Counter[str] = Counter()
    single = cited = 0
    for brief in data["briefs"]:
        for claim in brief["claims"]:
            per_source.update(set(claim["source_ids"]))
            cited += bool(claim["markers"])
            single += len(set(claim["source_ids"])) == 1
    result = runner.invoke(main, ["analyze", *seeds, "--no-cache", "-q"], terminal_width=200)
    assert result.exit_code == 0, result.output
    out = result.output
    assert f"Claims resting on a single source: {single} of {cited} cited claims" in out
    heaviest = per_source.most_common(1)[0][1]
    first = out.split("Sources the most claims rest on\n")[1].splitlines()[0]
    assert int(first.split()[0]) == heaviest
    assert re.search(r"briefs show \S+\.txt", out)
