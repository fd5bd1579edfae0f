"""`hai --help` and `hai check` stay light: heavy modules are imported only where needed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.helpers import base_dossier

PROBE = """
import sys
from hai_cli import cli
try:
    cli.app({args!r}, prog_name="hai")
except SystemExit:
    pass
heavy = ("git", "jinja2", "typst", "pydantic", "hai_cli.model", "rich")
print("LOADED=" + ",".join(m for m in heavy if m in sys.modules), file=sys.stderr)
catalogue = sys.modules.get("hai_cli.catalogue")
if catalogue is not None and catalogue._fields.cache_info().currsize:
    print("LOADED=fields.yaml", file=sys.stderr)
"""


def loaded(*args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=list(args))],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [x for x in done.stderr.splitlines() if x.startswith("LOADED=")]
    return {m for line in lines for m in line.removeprefix("LOADED=").split(",") if m}


def test_help_imports_nothing_heavy() -> None:
    assert loaded("--help") == set()


def test_check_imports_no_git_jinja_or_pdf(tmp_path: Path) -> None:
    mods = loaded("check", str(base_dossier(tmp_path)), "-q")
    assert "pydantic" in mods  # it did check
    assert not {"git", "jinja2", "typst"} & mods


def test_check_of_one_dossier_off_a_terminal_stays_light(tmp_path: Path) -> None:
    # the text report prints plain lines (no rich), and only the scaffold, the schemas, the
    # interview and the documents read the field guidance (fields.yaml)
    mods = loaded("check", str(base_dossier(tmp_path)))
    assert "hai_cli.model" in mods
    assert not {"rich", "fields.yaml"} & mods


def test_cli_annotations_are_not_postponed() -> None:
    # postponed annotations would make typer evaluate every option's annotation on each run
    import hai_cli.cli

    assert "annotations" not in vars(hai_cli.cli)


def test_the_hai_process_keeps_what_start_up_imported_out_of_the_collector(
    tmp_path: Path,
) -> None:
    probe = (
        "import gc, sys\n"
        "from hai_cli import cli\n"
        "import hai_cli.commands.check as check\n"
        "run = check.run\n"
        "def counted(*a, **k):\n"
        "    begun = gc.get_freeze_count()\n"
        "    code = run(*a, **k)\n"
        "    print(begun, gc.get_freeze_count())\n"
        "    return code\n"
        "check.run = counted\n"
        "sys.argv = ['hai', 'check', sys.argv[1], '-q', '--format', 'json']\n"
        "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
    )
    args = [sys.executable, "-c", probe, str(base_dossier(tmp_path))]
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    begun, settled = map(int, done.stdout.split()[-2:])
    assert begun > 10_000  # typer and the command line, frozen by cli.main
    assert settled > begun + 10_000  # and pydantic and the models, once hai check imported them


def test_in_process_runs_freeze_nothing(tmp_path: Path) -> None:
    import gc

    from tests.helpers import hai

    before = gc.get_freeze_count()
    hai("check", base_dossier(tmp_path), "-q")
    assert gc.get_freeze_count() == before
