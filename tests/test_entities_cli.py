"""`briefs entities` over the seeds (needs the model)."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from briefs_analyzer.cli import main
from tests.conftest import SEEDS

pytestmark = pytest.mark.model


def test_entities_command() -> None:
    runner = CliRunner()
    rows = json.loads(
        runner.invoke(main, ["entities", str(SEEDS), "--type", "agreement", "--format", "json", "-q"]).stdout
    )
    by_name = {r["canonical"]: r for r in rows}
    assert {r["type"] for r in rows} == {"agreement"}
    lemoa = by_name["Logistics Exchange Memorandum of Agreement"]
    assert (lemoa["briefs"], lemoa["first_date"]) == (1, "2016-08-29")
    assert "Basic Exchange and Cooperation Agreement" in by_name
    table = list(
        csv.DictReader(io.StringIO(runner.invoke(main, ["entities", str(SEEDS), "--format", "csv", "-q"]).stdout))
    )
    us = next(r for r in table if r["canonical"] == "United States")
    assert (us["type"], us["briefs"]) == ("state_actor", "2")
    assert runner.invoke(main, ["entities", str(SEEDS), "--type", "nonsense"]).exit_code == 2
