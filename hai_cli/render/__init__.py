"""``hai render``: the documents of a dossier, from its YAML, into ``<dossier>/docs/``.

One Jinja template per document and language makes Markdown; the PDF is that Markdown set in
typst. Each document carries a provenance stamp (dossier id, tool version, source revision,
date). ``check`` re-renders with the date of the committed document and compares, so that CI
can refuse a change to the YAML that forgot to re-render.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hai_cli import __version__, labels
from hai_cli.catalogue import catalogue
from hai_cli.check import DossierResult
from hai_cli.gitio import DOCS_DIR, Revision
from hai_cli.i18n import Lang, Text
from hai_cli.model.steps import EvaluationStep
from hai_cli.problems import HaiError
from hai_cli.render import escape
from hai_cli.render.front import Front
from hai_cli.resources import templates_dir
from hai_cli.vocab import Phase


@dataclass(frozen=True, slots=True)
class Document:
    """One kind of document: its title, the gate whose approvals settle (vaststellen) it, and
    the steps whose files it rests on (with dossier.yaml: its version history)."""

    id: str
    title: Text
    gate: str | None
    steps: tuple[int, ...]
    decommissioned_only: bool = False


_ALL_STEPS = (1, 2, 3, 4, 5, 6, 7, 8)

DOCUMENTS = {
    d.id: d
    for d in (
        Document(
            "pve",
            Text("Pakket van Eisen (PvE)", "Requirements package (PvE)"),
            "go-live",
            (1, 2, 3, 4, 5, 7),
        ),
        Document(
            "implementation-plan",
            Text("Implementatieplan", "Implementation plan"),
            "go-live",
            (5, 7),
        ),
        Document(
            "validation-protocol",
            Text("Validatieprotocol", "Validation protocol"),
            "go-live",
            (3, 7, 8),
        ),
        Document(
            "request",
            Text("Aanvraag nieuwe AI-software", "Request for new AI software"),
            "request",
            (1, 2, 3, 4, 5, 6),
        ),
        Document("dossier", Text("Dossieroverzicht", "Dossier overview"), None, _ALL_STEPS),
        Document("evaluation", Text("Evaluatierapport", "Evaluation report"), "review", (7, 8)),
        Document(
            "decommission",
            Text("Afvoerrapport", "Decommissioning report"),
            "decommission",
            (8,),
            decommissioned_only=True,
        ),
    )
}

_STAMP_DATE = re.compile(r"hai \S+ · .+ · (\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True, slots=True)
class Rendered:
    document: Document
    lang: Lang
    markdown: str
    stamp: str
    front: Front

    @property
    def name(self) -> str:
        return f"{self.document.id}.{self.lang}"


def documents_for(result: DossierResult, asked: list[str] | None) -> list[Document]:
    if asked:
        unknown = [a for a in asked if a not in DOCUMENTS]
        if unknown:
            raise HaiError(
                Text(
                    "Onbekend document: {u}. Kies uit: {all}.",
                    "Unknown document: {u}. Choose from: {all}.",
                ).format(u=", ".join(unknown), all=", ".join(DOCUMENTS))
            )
        return [DOCUMENTS[a] for a in asked]
    info = result.dossier.info
    retired = info is not None and info.phase is Phase.DECOMMISSIONED
    return [d for d in DOCUMENTS.values() if retired or not d.decommissioned_only]


def invalid(result: DossierResult) -> Text | None:
    """Why documents cannot be made from this dossier (its files do not all load), or None.

    Rule findings are fine: the documents show them.
    """
    broken = [p for p in result.errors if p.code < "HAI100"]
    if not broken and result.dossier.info is not None:
        return None
    return Text(
        "{d}: het dossier heeft {n} fout(en) in zijn bestanden; documenten kunnen pas gemaakt "
        "worden als 'hai check' die niet meer meldt.",
        "{d}: the dossier has {n} error(s) in its files; documents can be made once "
        "'hai check' no longer reports them.",
    ).format(d=result.head.display, n=len(broken) or 1)


def render_markdown(
    result: DossierResult,
    document: Document,
    lang: Lang,
    revision: Revision,
    today: dt.date,
    templates: Path | None = None,
) -> Rendered:
    from hai_cli.render.engine import environment, render_template

    folders = [templates] if templates else []
    env = environment(lang, [*folders, templates_dir()])
    stamp = stamp_line(result, revision, today, lang)
    front = front_matter(result, document, lang, stamp, revision, today)
    context = _context(result, document, lang, stamp, today, front)
    text = render_template(env, f"{lang}/{document.id}.md.j2", context)
    return Rendered(document, lang, text.rstrip() + "\n", stamp, front)


def front_matter(
    result: DossierResult,
    document: Document,
    lang: Lang,
    stamp: str,
    revision: Revision,
    today: dt.date,
) -> Front:
    from hai_cli.render import front

    dossier = result.dossier
    info = dossier.info
    assert info is not None
    history = front.versions(
        front.dossier_history(dossier.root, revision),
        front.source_files(dossier, document.steps),
    )
    rows, settled = front.signoff(dossier, document.gate, lang)
    hospital, department = front.organisation(dossier)
    owner, distribution = front.document_info(dossier, document.id)
    return Front(
        hospital=hospital,
        department=department,
        document=document.title(lang),
        product=info.name,
        dossier_id=info.id,
        version=front.version_label(history, revision, lang),
        settled=settled,
        date=today,
        stamp=stamp,
        owner=owner,
        distribution=distribution,
        signoff=rows,
        history=history,
    )


def render_pdf(rendered: Rendered, result: DossierResult) -> bytes:
    from hai_cli.render.pdf import to_pdf

    return to_pdf(rendered.markdown, rendered.front, rendered.lang)


def stamp_line(result: DossierResult, revision: Revision, today: dt.date, lang: Lang) -> str:
    if not revision.in_repository:
        state = labels.word("no_git", lang)
    elif revision.commit is None:
        state = labels.word("no_commit", lang)
    else:
        state = f"{labels.word('revision', lang).lower()} {revision.commit}"
        if revision.dirty:
            state += f" + {labels.word('uncommitted', lang)}"
    return f"hai {__version__} · {result.head.id} · {state} · {today.isoformat()}"


def stamp_date(markdown: str) -> dt.date | None:
    match = _STAMP_DATE.search(markdown)
    if match is None:
        return None
    try:
        return dt.date.fromisoformat(match.group(1))
    except ValueError:
        return None


def docs_dir(result: DossierResult) -> Path:
    """``<dossier>/docs``, refusing a docs folder that leads out of the dossier."""
    root = result.head.root.resolve()
    target = (result.head.root / DOCS_DIR).resolve()
    if not target.is_relative_to(root):
        raise HaiError(
            Text(
                "{p} wijst buiten het dossier; hai schrijft alleen in <dossier>/docs/.",
                "{p} points outside the dossier; hai writes only into <dossier>/docs/.",
            ).format(p=result.head.root / DOCS_DIR)
        )
    return target


# -- the template context ----------------------------------------------------------------------


def _context(
    result: DossierResult,
    document: Document,
    lang: Lang,
    stamp: str,
    today: dt.date,
    front: Front,
) -> dict[str, Any]:
    dossier = result.dossier
    info = dossier.info
    cat = catalogue()
    states = {s.item.id: s for s in result.items}
    steps = []
    for step in cat.steps:
        items = []
        for item in step.items:
            state = states.get(item.id)
            if state is None:
                continue  # not for this dossier (purchase-only, or decommissioning before phase 4)
            model = dossier.checklist_item(item.id)
            evidence = [escape.link(p, f"../{p}") for p in (model.evidence if model else [])]
            items.append(
                {
                    "id": item.id,
                    "number": escape.Safe(item.number),
                    "text": item.text(lang),
                    "status": state.status,
                    "done": state.settled,
                    "note": model.note if model else None,
                    "reason": model.reason if model else None,
                    "by": model.by if model else None,
                    "date": model.date if model else None,
                    "evidence": evidence,
                    "group": item.group,
                }
            )
        steps.append(
            {
                "number": step.number,
                "title": step.title(lang),
                "summary": step.summary(lang),
                "items": items,
                "model": dossier.step(step.number),
            }
        )
    gates = {
        gate.id: {
            "id": gate.id,
            "title": cat.gates[gate.id].title(lang),
            "passed": gate.passed,
            "items": [
                {"id": i, "text": cat.item(i).text(lang) if cat.item(i) else i}  # type: ignore[union-attr]
                for i in gate.blocking_items
            ],
            "rules": [_finding(p, lang) for p in gate.blocking_rules],
            "phase": gate.wrong_phase,
        }
        for gate in result.gates.values()
    }
    return {
        "lang": lang,
        "doc": {"id": document.id, "title": document.title(lang), "front": front},
        "info": info,
        "purchase": info is not None and info.acquisition.value == "purchase",
        "in_use": info is not None and info.phase in (Phase.USE, Phase.DECOMMISSIONED),
        **_lifecycle(result, today),
        "approvals": _approvals(result, lang),
        "trace": _traceability(dossier.step(7)),
        "s": {n: dossier.step(n) for n in range(1, 9)},
        "steps": steps,
        "gates": gates,
        "findings": [_finding(p, lang) for p in result.problems],
        "stamp": {"line": stamp, "date": today.isoformat()},
        "version": __version__,
    }


def _lifecycle(result: DossierResult, today: dt.date) -> dict[str, Any]:
    """Evaluations with the measures whose threshold they breached, and the next due date."""
    from hai_cli.rules import Context
    from hai_cli.rules.lifecycle import breaches, next_evaluation, not_comparable, not_measured

    step8 = result.dossier.model(EvaluationStep)
    info = result.dossier.info
    if step8 is None or info is None:
        return {"evaluations": [], "next_evaluation": None}
    ctx = Context(result.dossier, today)
    due = next_evaluation(ctx)[0] if info.phase is Phase.USE else None
    evaluations = []
    for e in sorted(step8.evaluations, key=lambda e: e.date, reverse=True):
        unknown = [n for n, _ in not_comparable(ctx, e)]
        evaluations.append(
            {
                "record": e,
                "breached": breaches(ctx, e),
                "unknown": [e.figures[n].measure for n in unknown] + not_measured(ctx, e),
                "unknown_at": unknown,
            }
        )
    return {"evaluations": evaluations, "next_evaluation": due}


def _traceability(step7: Any) -> list[dict[str, Any]]:
    """Per PvE requirement: the test cases that test it, the latest result and its evidence.

    The latest result is that of the newest run with a case for the requirement (a retest that
    leaves a case out keeps the earlier result of that case).
    """
    if step7 is None:
        return []
    protocol = step7.validation_protocol
    runs = protocol.acceptance_test.runs if protocol and protocol.acceptance_test else []
    rows = []
    for requirement in step7.requirements:
        cases: list[str] = []
        latest = None
        for run in sorted(runs, key=lambda r: r.date):
            for case in run.cases:
                if requirement.id in case.requirements:
                    if case.id not in cases:
                        cases.append(case.id)
                    latest = (run, case)
        rows.append(
            {
                "requirement": requirement,
                "cases": cases,
                "run": latest[0] if latest else None,
                "result": latest[1].result if latest else None,
                "evidence": [escape.link(p, f"../{p}") for p in latest[0].evidence]
                if latest
                else [],
            }
        )
    return rows


def _approvals(result: DossierResult, lang: Lang) -> list[dict[str, Any]]:
    """Every approval with what it covers and whether it still holds, gates first; an earlier
    approval of the same role is marked superseded (history)."""
    from hai_cli.approvals import counted, recorded, staleness

    dossier = result.dossier
    entries = recorded(dossier)
    counting = counted(entries)
    rows = []
    for index, entry in enumerate(entries):
        approval, target = entry.approval, entry.target
        superseded = index not in counting
        state = staleness(dossier, approval, target)
        what = (
            f"{labels.word('step', lang).lower()} {target}" if isinstance(target, int)
            else catalogue().gates[target].title(lang)
        )  # fmt: skip
        rows.append(
            {
                "target": target,
                "gate": target if isinstance(target, str) else None,
                "step": target if isinstance(target, int) else None,
                "what": what,
                "name": approval.name,
                "role": approval.role,
                "date": approval.date,
                "comment": approval.comment,
                "current": state.current,
                "changed": state.changed,
                "superseded": superseded,
                "forced": approval.forced,
            }
        )
    return rows


def _finding(problem: Any, lang: Lang) -> dict[str, Any]:
    return {
        "code": problem.code,
        "severity": labels.word(problem.severity.value, lang),
        "where": f"{problem.file}:{problem.line}",
        "message": problem.text(lang),
    }


__all__ = [
    "DOCUMENTS",
    "Document",
    "Rendered",
    "docs_dir",
    "documents_for",
    "invalid",
    "render_markdown",
    "render_pdf",
    "stamp_date",
    "write",
]
