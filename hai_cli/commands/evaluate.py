"""``hai evaluate``: record a periodic evaluation in step 8 by a round-trip edit.

The new entry is validated against the model first, appended to ``evaluations`` with every
comment and the key order of the file kept, and written atomically.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from hai_cli.check import check_dossier
from hai_cli.dates import add_months
from hai_cli.fsio import write_atomic
from hai_cli.i18n import Lang, Text
from hai_cli.load import load_dossier, one_dossier
from hai_cli.model.steps import Evaluation, EvaluationStep
from hai_cli.problems import HaiError, Problem
from hai_cli.schema_errors import input_error
from hai_cli.yamlio import load_roundtrip


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

    def entry(self) -> dict[str, Any]:
        """The YAML entry, in the model's key order, with only what was given."""
        values: dict[str, Any] = {
            "date": self.date,
            "period_from": self.period_from,
            "period_to": self.period_to,
            "figures": [_figure(f) for f in self.figures],
            "incidents": self.incidents,
            "recalls": self.recalls,
            "findings": self.findings,
            "decision": self.decision,
            "participants": self.participants,
            "chair": self.chair,
            "evidence": self.evidence,
        }
        return {key: value for key, value in values.items() if value not in (None, [])}


def _figure(text: str) -> dict[str, Any]:
    measure, sep, raw = text.partition("=")
    if not sep or not measure.strip():
        raise HaiError(
            Text(
                "--figure verwacht MAAT=WAARDE, zoals sensitivity=0.93; niet {t!r}.",
                "--figure expects MEASURE=VALUE, such as sensitivity=0.93; not {t!r}.",
            ).format(t=text)
        )
    value: int | float | str = raw.strip()
    with contextlib.suppress(ValueError):
        value = float(raw)
        value = int(value) if value.is_integer() and "." not in raw else value
    return {"measure": measure.strip(), "value": value}


@dataclass(frozen=True, slots=True)
class Added:
    file: Path
    line: int
    next_due: dt.date
    problems: list[Problem]


def add_evaluation(root: Path, given: EvaluationInput, today: dt.date) -> Added:
    entry = given.entry()
    try:
        Evaluation.model_validate(entry)
    except ValidationError as e:
        raise input_error(e, Text("evaluatie", "evaluation")) from e
    dossier = load_dossier(root)
    source = dossier.steps.get(8)
    broken = [p for p in dossier.problems if p.file == (source.path if source else None)]
    if source is None or source.text is None or dossier.step(8) is None or broken:
        raise HaiError(
            Text(
                "Stap 8 van {d} heeft fouten of ontbreekt; los die eerst op (hai check).",
                "Step 8 of {d} has errors or is missing; fix them first (hai check).",
            ).format(d=root)
        )
    document = load_roundtrip(source.text)
    index = document.append("evaluations", entry)
    path = root / source.path
    write_atomic(path, document.dump())
    result = check_dossier(load_dossier(root), today)
    model = result.dossier.model(EvaluationStep)
    interval = model.evaluation_interval_months if model else 6
    step8 = result.dossier.steps[8]
    line = step8.line("evaluations", index)
    mine = [p for p in result.problems if p.file == source.path]
    return Added(path, line, add_months(given.date, interval), mine)


_ADDED = Text(
    "{file}:{line}: evaluatie toegevoegd; volgende uiterlijk {due}",
    "{file}:{line}: evaluation added; next due by {due}",
)


def run(
    path: Path, given: EvaluationInput, lang: Lang, out: TextIO, display: Callable[[Path], str]
) -> int:
    """``hai evaluate``: record the evaluation, say where, and list step 8's problems now."""
    root = one_dossier(path, "evaluate")
    added = add_evaluation(root, given, dt.date.today())
    shown = display(added.file)
    out.write(_ADDED.format(file=shown, line=added.line, due=added.next_due)(lang) + "\n")
    for problem in added.problems:
        out.write(f"{shown}:{problem.line} {problem.code} {problem.text(lang)}\n")
    return 1 if any(p.is_error for p in added.problems) else 0
