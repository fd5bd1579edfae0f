"""bench/speed.py still runs and prints its table (timing goals stay out of the suite)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

SPEED = Path(__file__).resolve().parent.parent / "bench" / "speed.py"


def speed(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SPEED), *args], capture_output=True, text=True, timeout=120
    )


def test_speed_prints_a_table_row_for_each_row_asked_for() -> None:
    done = speed("--only", "dup,help", "--n", "6", "--repeat", "1", "--no-doorstop")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    table = [line for line in lines if line.startswith("| ")]
    assert table[0] == "| row | figure | ratio | target | met |"
    rows = [line.split(" | ")[0].removeprefix("| ") for line in table[1:]]
    assert rows == ["help", "dup"]  # in the table's order, not the order asked for
    help_row, dup_row = table[1], table[2]
    assert "`hai --help`" in help_row and "— (no doorstop)" in help_row
    # the JSON of 6 and of 12 dossiers that share 3 ids, and how it grows
    assert "MB at 6, " in dup_row and "MB at 12 |" in dup_row
    found = re.search(
        r"\| exponent (\d\.\d\d) \| linear \(exponent ≤ 1\.1\) \| (yes|no) \|$", dup_row
    )
    assert found, dup_row
    assert 0.9 < float(found[1]) < 2.1  # more output for more dossiers, at most quadratic
    assert found[2] == ("yes" if float(found[1]) <= 1.1 else "no")


def test_speed_refuses_an_unknown_row() -> None:
    done = speed("--only", "help,nonsense")
    assert done.returncode == 2
    assert "unknown row(s) nonsense; rows: help, one, check" in done.stderr
