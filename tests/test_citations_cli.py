"""Citations through the public interface: `briefs analyze --format json` and `briefs sources`."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from briefs_analyzer.cli import main
from tests.conftest import SEED_STEMS, SEEDS, load_gold
from tests.factories import loose


@pytest.fixture(scope="module")
def analysis() -> dict[str, Any]:
    result = CliRunner().invoke(main, ["analyze", str(SEEDS), "--format", "json", "--quiet"])
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def gold_to_ids(brief: dict[str, Any], gold: dict[str, Any]) -> dict[str, str]:
    notes = {n["number"]: n for n in brief["notes"]}
    return {g["source"]: notes[g["n"]]["source_ids"][0] for g in gold["notes"] if g["kind"] == "full"}


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_notes_and_sources_match_gold(analysis: dict[str, Any], stem: str) -> None:
    gold = load_gold(stem)
    brief = next(b for b in analysis["briefs"] if Path(b["path"]).stem == stem)
    ids = gold_to_ids(brief, gold)
    assert len(set(ids.values())) == gold["distinct_sources"]
    notes = {n["number"]: n for n in brief["notes"]}
    for g in gold["notes"]:
        note = notes[g["n"]]
        assert note["kind"] == g["kind"], g
        assert note["antecedent"] == g.get("antecedent"), g
        assert note["source_ids"] == [ids[g["source"]]], g
    by_id = {s["id"]: s for s in analysis["sources"]}
    for key, want in gold["sources"].items():
        src = by_id[ids[key]]
        assert loose(src["title"]) == loose(want["title"]), key
        assert loose(want["container"]) in loose(src["container"]), key
        assert str(src["date"] or "").startswith(want.get("date") or want.get("year") or ""), key
        host = re.sub(r"^https?://", "", src["url"] or "").split("/")[0] or None
        assert host == want["url_host"], key
        assert [a.lower() for a in src["authors"]] == [a.lower() for a in want.get("authors", [])], key
        for field in ("volume", "issue", "pages"):
            if field in want:
                assert src[field] == want[field], (key, field)
        assert src["type"] in [want["type"], *want.get("type_also_accepted", [])], key
        assert {"brief": brief["path"], "number": next(g["n"] for g in gold["notes"] if g["source"] == key)} in src[
            "notes"
        ]


@pytest.mark.parametrize("stem", SEED_STEMS)
def test_claims_rest_on_sources_as_the_gold_counts(analysis: dict[str, Any], stem: str) -> None:
    gold = load_gold(stem)
    brief = next(b for b in analysis["briefs"] if Path(b["path"]).stem == stem)
    ids = gold_to_ids(brief, gold)
    for key, count in gold["source_claim_counts"].items():
        assert sum(ids[key] in c["source_ids"] for c in brief["claims"]) == count, key


def test_sources_command_formats() -> None:
    gold = load_gold("000_2bc1844ba35e9142")
    runner = CliRunner()
    rows = json.loads(runner.invoke(main, ["sources", str(SEEDS / gold["file"]), "--format", "json"]).stdout)
    assert len(rows) == gold["distinct_sources"]
    table = list(
        csv.DictReader(
            io.StringIO(runner.invoke(main, ["sources", str(SEEDS / gold["file"]), "--format", "csv"]).stdout)
        )
    )
    assert list(table[0]) == ["id", "title", "container", "date", "type", "notes", "claims", "briefs"]
    top = table[0]  # sorted by the claims resting on each source
    assert (loose(top["title"]), top["type"], top["notes"], top["claims"]) == (
        loose(gold["sources"]["S4"]["title"]),
        "journal",
        "5",
        str(gold["source_claim_counts"]["S4"]),
    )
    text = runner.invoke(main, ["sources", str(SEEDS / gold["file"])], env={"COLUMNS": "200"}).stdout
    assert "Sources" in text and "Strategic Studies" in text


def test_source_types_can_be_extended_in_config(tmp_path: Path) -> None:
    brief = tmp_path / "brief.txt"
    brief.write_bytes((SEEDS / "004_7a6a544e9fa6e7d1.txt").read_bytes())
    (tmp_path / "types.toml").write_text('[hosts]\n"reuters.com" = "other"\n', encoding="utf-8")
    (tmp_path / ".briefs.toml").write_text('source-types = "types.toml"\n', encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(main, ["sources", "brief.txt", "--format", "json"])
    finally:
        os.chdir(cwd)
    types = {s["container"]: s["type"] for s in json.loads(result.stdout)}
    assert types["Reuters"] == "other"
    assert types["The Economic Times"] == "news"


def test_bad_config_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / ".briefs.toml").write_text("gazetteers = 3\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("A claim.\n", encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(main, ["analyze", "b.txt"])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 2
    assert result.stderr == f"error: {tmp_path / '.briefs.toml'}: key 'gazetteers': expected a list, got an integer\n"
