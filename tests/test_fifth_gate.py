"""A gate is data: one added to a copy of the catalogue works end to end, with no code change.

The copy is used by a fresh Python process (the models read the catalogue when they are
built), so nothing of this test leaks into the others.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from hai_cli.catalogue import CATALOGUE_FILE
from tests.helpers import ROOT, base_dossier

ETHICS = """\
  - id: ethics
    title: {nl: Ethische toets, en: Ethics review}
    steps: [1, 3]
    items: [request]
    approvals: [medical-manager]
    description:
      nl: Een ethische toets vóór de aanvraag (een proef van een vijfde poort).
      en: An ethics review before the request (a trial of a fifth gate).
"""

RUN = """
import sys
from pathlib import Path
import hai_cli.catalogue as catalogue
catalogue.CATALOGUE_FILE = Path(sys.argv[1])
from hai_cli.cli import app
app(sys.argv[2:], prog_name="hai")
"""


def _catalogue_with_a_fifth_gate(tmp_path: Path) -> Path:
    text = CATALOGUE_FILE.read_text("utf-8")
    text = text.replace("\nsteps:\n", "\n" + ETHICS + "\nsteps:\n", 1)
    # phase 1B holds a dossier to the new gate too under --gate auto
    text = text.replace("    gates: [request]  # acquisition", "    gates: [request, ethics]  #", 1)
    copy = tmp_path / "catalogue.yaml"
    copy.write_text(text, "utf-8")
    return copy


def _hai(copy: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", RUN, str(copy), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def test_a_fifth_gate_from_the_catalogue_alone(tmp_path: Path) -> None:
    copy = _catalogue_with_a_fifth_gate(tmp_path)
    dossier = base_dossier(tmp_path)  # phase 1B, every item open

    run = _hai(copy, "check", dossier, "--gate", "ethics", "--format", "json")
    assert run.returncode == 1, run.stderr
    gates = json.loads(run.stdout)["dossiers"][0]["gates"]
    assert list(gates) == ["request", "go-live", "review", "decommission", "ethics"]
    blocking = gates["ethics"]["blocking"]
    assert "risk-analysis" in blocking and blocking[-1] == "approval:medical-manager"

    auto = _hai(copy, "check", dossier, "--gate", "auto", "--lang", "en")
    assert auto.returncode == 1
    assert "ethics" in auto.stdout

    # settle every item of the gate and approve it: it passes, step 4's errors aside
    meta = dossier / "dossier.yaml"
    meta.write_text(meta.read_text() + "required_approvals: {ethics: [medical-manager]}\n", "utf-8")
    for step in sorted((dossier / "steps").glob("*.yaml")):
        text = step.read_text().replace("status: open", "status: n/a\n    reason: trial")
        step.write_text(text, "utf-8")
    approve = _hai(
        copy, "approve", "ethics", dossier, "--name", "Dr. Ethiek", "--role", "medical-manager"
    )
    assert approve.returncode == 0, approve.stderr
    assert "ethics goedgekeurd door Dr. Ethiek" in approve.stdout
    run = _hai(copy, "check", dossier, "--gate", "ethics", "--format", "json")
    gates = json.loads(run.stdout)["dossiers"][0]["gates"]
    assert gates["ethics"] == {"passed": True, "blocking": []}, run.stdout
    assert run.returncode == 0, run.stdout + run.stderr

    status = _hai(copy, "status", dossier, "--format", "json")
    assert json.loads(status.stdout)["dossiers"][0]["gates"]["ethics"] is True

    wrong = _hai(copy, "check", dossier, "--gate", "ethic")
    assert wrong.returncode == 2 and "'ethics', 'auto'" in wrong.stderr
