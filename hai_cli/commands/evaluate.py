"""``hai evaluate``: record a periodic evaluation in step 8 by a round-trip edit.

The new entry is checked as part of the whole dossier before anything is written: the edited
file is loaded in memory next to the others and every rule runs on it; an error that the edit
would bring (a figure for an unknown measure, a figure that cannot be compared with its limit,
a missing evidence file, ...) refuses the edit. Otherwise the entry is appended after the last
evaluation with every comment and the key order of the file kept, and written atomically.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from hai_cli.check import DossierResult, check_dossier
from hai_cli.figures import read_number
from hai_cli.fsio import write_atomic
from hai_cli.i18n import Lang, Text
from hai_cli.load import Dossier, load_dossier, one_dossier
from hai_cli.model.steps import Evaluation, EvaluationStep, MonitoringMeasure
from hai_cli.problems import HaiError, Problem
from hai_cli.schema_errors import input_error
from hai_cli.yamlio import load_roundtrip

IN_USE = "3"  # periodic evaluations are of software in clinical use


@dataclass(frozen=True, slots=True)
class EvaluationInput:
    date: dt.date
    period_from: dt.date | None = None
    period_to: dt.date | None = None
    figures: list[str] = field(default_factory=list)  # "measure=value"
    incidents: list[str] = field(default_factory=list)
    recalls: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    decision: str | None = None
    participants: list[str] = field(default_factory=list)
    chair: str | None = None
    evidence: list[str] = field(default_factory=list)

    def entry(self, plan: dict[str, MonitoringMeasure] | None = None) -> dict[str, Any]:
        """The YAML entry, in the model's key order, with only what was given; each figure read
        as a number where it is one (for the measures of ``plan``: as that measure reads it)."""
        values: dict[str, Any] = {
            "date": self.date,
            "period_from": self.period_from,
            "period_to": self.period_to,
            "figures": [_figure(f, plan or {}) for f in self.figures],
            "incidents": self.incidents,
            "recalls": self.recalls,
            "findings": self.findings,
            "decision": self.decision,
            "participants": self.participants,
            "chair": self.chair,
            "evidence": self.evidence,
        }
        return {key: value for key, value in values.items() if value not in (None, [])}


def _figure(text: str, plan: dict[str, MonitoringMeasure]) -> dict[str, Any]:
    measure, sep, raw = text.partition("=")
    if not sep or not measure.strip() or not raw.strip():
        raise HaiError(
            Text(
                "--figure verwacht MAAT=WAARDE, zoals sensitivity=0.93; niet {t!r}.",
                "--figure expects MEASURE=VALUE, such as sensitivity=0.93; not {t!r}.",
            ).format(t=text)
        )
    name = measure.strip()
    known = plan.get(name)
    number = read_number(raw, known.proportion if known else False)
    # not a number: kept as text; the check then says why, when the measure needs a number
    return {"measure": name, "value": raw.strip() if number is None else number}


@dataclass(frozen=True, slots=True)
class Added:
    file: Path
    line: int
    next_due: dt.date | None
    problems: list[Problem]  # written: the step file's findings; refused: why
    written: bool = True


def add_evaluation(root: Path, given: EvaluationInput, today: dt.date) -> Added:
    """Add the evaluation, or refuse it (``written`` False) with the errors it would bring."""
    if given.date > today:
        raise HaiError(
            Text(
                "De evaluatiedatum {d} ligt in de toekomst (vandaag is {t}). Leg een evaluatie "
                "vast nadat ze is gehouden.",
                "The evaluation date {d} is in the future (today is {t}). Record an evaluation "
                "after it took place.",
            ).format(d=given.date.isoformat(), t=today.isoformat())
        )
    try:  # the command line's values first: a bad --decision is a usage error
        Evaluation.model_validate(given.entry())
    except ValidationError as e:
        raise input_error(e, Text("evaluatie", "evaluation")) from e
    dossier = load_dossier(root)
    source = dossier.steps.get(8)
    broken = [p for p in dossier.problems if p.file == (source.path if source else None)]
    step8 = dossier.model(EvaluationStep)
    if source is None or source.text is None or step8 is None or broken:
        raise HaiError(
            Text(
                "Stap 8 van {d} heeft fouten of ontbreekt; los die eerst op (hai check).",
                "Step 8 of {d} has errors or is missing; fix them first (hai check).",
            ).format(d=root)
        )
    info = dossier.info
    if info is None:
        raise HaiError(
            Text(
                "dossier.yaml van {d} heeft fouten; los die eerst op (hai check).",
                "dossier.yaml of {d} has errors; fix them first (hai check).",
            ).format(d=root)
        )
    if info.phase.value != IN_USE:
        raise HaiError(
            Text(
                "Het dossier is in fase {p}; periodieke evaluaties horen bij software in gebruik "
                "(fase 3). Zet na de ingebruikname 'phase: \"3\"' in dossier.yaml.",
                "The dossier is in phase {p}; periodic evaluations are of software in use "
                "(phase 3). After go-live, set 'phase: \"3\"' in dossier.yaml.",
            ).format(p=info.phase.value)
        )
    plan = {m.id: m for m in step8.monitoring if m.id}
    entry = given.entry(plan)
    try:
        Evaluation.model_validate(entry)
    except ValidationError as e:
        raise input_error(e, Text("evaluatie", "evaluation")) from e
    document = load_roundtrip(source.text)
    index = document.append("evaluations", entry)
    text = document.dump()
    before = check_dossier(dossier, today)
    after = check_dossier(load_dossier(root, overlay={source.path: text}), today)
    path = root / source.path
    line = after.dossier.steps[8].line("evaluations", index)
    new = new_errors(before, after)
    if new:
        return Added(path, line, None, new, written=False)
    write_atomic(path, text)
    mine = [p for p in after.problems if p.file == source.path]
    return Added(path, line, next_due(after.dossier, today), mine)


# an evaluation moves the date the next one is due, never later: "overdue" is the dossier's
# schedule, not an error the new entry brings (it is still reported after writing)
_SCHEDULE = {"HAI180"}


def new_errors(before: DossierResult, after: DossierResult) -> list[Problem]:
    """The errors of ``after`` that ``before`` does not have (lines aside: an edit moves them)."""
    seen = {(p.file, p.code, p.text.en) for p in before.errors}
    return [
        p
        for p in after.errors
        if (p.file, p.code, p.text.en) not in seen and p.code not in _SCHEDULE
    ]


def next_due(dossier: Dossier, today: dt.date) -> dt.date | None:
    """When the next evaluation is due: the one answer of hai check, status, render, evaluate."""
    from hai_cli.rules import Context
    from hai_cli.rules.lifecycle import next_evaluation

    if dossier.step(8) is None or dossier.info is None:
        return None
    return next_evaluation(Context(dossier, today))[0]


_ADDED = Text(
    "{file}:{line}: evaluatie toegevoegd; volgende uiterlijk {due}",
    "{file}:{line}: evaluation added; next due by {due}",
)
_REFUSED = Text(
    "hai: {file}: evaluatie niet toegevoegd, niets geschreven; ze zou dit opleveren:",
    "hai: {file}: evaluation not added, nothing written; it would bring:",
)


def run(
    path: Path,
    given: EvaluationInput,
    lang: Lang,
    out: TextIO,
    display: Callable[[Path], str],
    err: TextIO | None = None,
) -> int:
    """``hai evaluate``: record the evaluation, say where, and list step 8's problems now; or
    say what it would bring and write nothing (exit 1)."""
    import sys

    err = err or sys.stderr
    root = one_dossier(path, "evaluate")
    added = add_evaluation(root, given, dt.date.today())
    shown = display(added.file)
    if not added.written:
        err.write(_REFUSED.format(file=shown)(lang) + "\n")
        for problem in added.problems:
            where = display(root / problem.file)
            err.write(f"{where}:{problem.line} {problem.code} {problem.text(lang)}\n")
        return 1
    due = added.next_due.isoformat() if added.next_due else "-"
    out.write(_ADDED.format(file=shown, line=added.line, due=due)(lang) + "\n")
    for problem in added.problems:
        out.write(f"{shown}:{problem.line} {problem.code} {problem.text(lang)}\n")
    return 1 if any(p.is_error for p in added.problems) else 0
