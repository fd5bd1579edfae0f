"""What each page shows: plain data for the templates, made from the core's results.

Everything here reads a checked dossier (its models, findings, gates, approvals and timeline)
and returns dicts of strings, numbers and :class:`markupsafe.Markup` made by hai itself (the
charts); the templates escape every other value.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from enum import Enum
from html import escape as quote  # C speed for the many values of the fields
from typing import Any

from markupsafe import Markup

from hai_cli import labels
from hai_cli.catalogue import catalogue
from hai_cli.check import DossierResult
from hai_cli.i18n import Lang, Text
from hai_cli.model.steps import EvaluationStep
from hai_cli.rules.law import LawDate
from hai_cli.site import charts
from hai_cli.site.links import file_href, link_target
from hai_cli.site.words import WORDS

PHASES = ("1A", "1B", "2", "3", "4")


def word(key: str, lang: Lang) -> str:
    nl, en = WORDS[key]
    return nl if lang == "nl" else en


@dataclass(frozen=True, slots=True)
class GateCell:
    id: str
    title: Text
    passed: bool
    blocking: tuple[str, ...]


@dataclass(slots=True)
class Row:
    """One dossier in the portfolio: what the table, its filters and the charts need."""

    slug: str
    display: str
    id: str | None
    name: str
    lang: Lang
    acquisition: str | None
    supplier: str | None
    department: str | None
    phase: str | None
    gates: list[GateCell] = field(default_factory=list)
    next_evaluation: dt.date | None = None
    overdue: bool = False
    regulatory: LawDate | None = None
    open_items: int = 0
    errors: int = 0
    warnings: int = 0


def row_of(
    result: DossierResult,
    slug: str,
    next_evaluation: dt.date | None,
    regulatory: LawDate | None,
) -> Row:
    info = result.dossier.info
    supplier = info.supplier.name if info and info.supplier else None
    cells = [
        GateCell(
            g, catalogue().gates[g].title, result.gates[g].passed,
            tuple(result.gates[g].blocking),
        )
        for g in result.asked("auto")
        if g in result.gates
    ]  # fmt: skip
    return Row(
        slug=slug,
        display=result.dossier.display,
        id=result.dossier.id,
        name=info.name if info else (result.dossier.id or result.dossier.display),
        lang=result.lang,
        acquisition=info.acquisition.value if info else None,
        supplier=supplier,
        department=info.owner.department if info and info.owner else None,
        phase=result.phase,
        gates=cells,
        next_evaluation=next_evaluation,
        overdue=any(p.code == "HAI180" for p in result.errors),
        regulatory=regulatory,
        open_items=len(result.open_items()),
        errors=len(result.errors),
        warnings=len(result.warnings),
    )


def portfolio_context(
    rows: list[Row], lang: Lang, today: dt.date, fixed: Lang | None = None
) -> dict[str, Any]:
    """The portfolio page in ``lang``; each dossier links to its page in ``fixed`` (``--lang``)
    or else in the dossier's own language (its page has a switch to the other)."""
    other: Lang = "en" if lang == "nl" else "nl"
    shown = []
    for row in rows:
        shown.append(
            {
                "href": f"d/{file_href(row.slug)}/index.{fixed or row.lang}.html",
                "name": row.name,
                "display": row.display,
                "id": row.id or "",
                "supplier": row.supplier
                or (word("in_house", lang) if row.acquisition == "in-house" else ""),
                "department": row.department or "",
                "phase": row.phase or "",
                "phase_label": labels.value(row.phase, lang) if row.phase else "-",
                "gates": [
                    {
                        "id": g.id,
                        "title": g.title(lang),
                        "passed": g.passed,
                        "blocking": _few(g.blocking, lang),
                    }
                    for g in row.gates
                ],
                "blocked": " ".join(g.id for g in row.gates if not g.passed),
                "next_evaluation": row.next_evaluation.isoformat() if row.next_evaluation else "",
                "overdue": row.overdue,
                "regulatory": law_text(row.regulatory, lang, article=False),
                "regulatory_date": row.regulatory.date.isoformat() if row.regulatory else "",
                "open_items": row.open_items,
                "errors": row.errors,
                "warnings": row.warnings,
            }
        )
    per_phase = [(labels.value(p, lang), sum(1 for r in rows if r.phase == p)) for p in PHASES]
    due = _due_per_month(rows, today, lang)
    return {
        "lang": lang,
        "other": other,
        "rows": shown,
        "departments": sorted({r.department for r in rows if r.department}),
        "phases": [(p, labels.value(p, lang)) for p in PHASES],
        "gate_choices": [(g.id, g.title(lang)) for g in catalogue().gates.values()],
        "totals": {
            "n": len(rows),
            "errors": sum(1 for r in rows if r.errors),
            "overdue": sum(1 for r in rows if r.overdue),
        },
        "per_phase": {
            "svg": charts.bar_chart(
                "chart-phases",
                word("per_phase", lang),
                "; ".join(f"{label}: {n}" for label, n in per_phase),
                per_phase,
            ),
            "rows": per_phase,
        },
        "due": {
            "svg": charts.bar_chart(
                "chart-due",
                word("due_per_month", lang),
                "; ".join(f"{label}: {n}" for label, n in due),
                due,
            ),
            "rows": due,
        },
    }


def law_text(law: LawDate | None, lang: Lang, article: bool = True) -> str:
    """What begins on the next date from the law (with its article on the dossier's page);
    "may apply" while the dossier's decision trees do not yet say it concerns the product."""
    if law is None:
        return ""
    maybe = "" if law.decided else f" ({word('may_apply', lang)})"
    return law.obligation + (f" ({law.article})" if article else "") + maybe


def _few(names: tuple[str, ...], lang: Lang, shown: int = 4) -> str:
    """The first few of what blocks a gate, and how many more (the dossier page has all)."""
    if len(names) <= shown:
        return ", ".join(names)
    rest = len(names) - shown
    return ", ".join(names[:shown]) + (f" en {rest} meer" if lang == "nl" else f" and {rest} more")


def _due_per_month(rows: list[Row], today: dt.date, lang: Lang) -> list[tuple[str, int]]:
    """Overdue evaluations, then one bar per month for the next twelve months."""
    months = []
    year, month = today.year, today.month
    for _ in range(12):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    counts = dict.fromkeys(months, 0)
    earlier = 0
    for row in rows:
        due = row.next_evaluation
        if due is None:
            continue
        key = (due.year, due.month)
        if due < today:
            earlier += 1
        elif key in counts:
            counts[key] += 1
    return [(word("before", lang), earlier)] + [(f"{y}-{m:02d}", counts[(y, m)]) for y, m in months]


# -- the dossier page ------------------------------------------------------------------------


def _shown(value: Any, lang: Lang) -> str:
    if isinstance(value, bool | Enum):
        return labels.value(value, lang)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def step_fields(result: DossierResult, copied: dict[str, str]) -> dict[int, Markup | None]:
    """Per step, its recorded fields (the checklist and approvals aside) as nested definition
    lists: keys and values as written in the YAML, so one rendering serves both languages.

    Made here rather than by a recursive template macro (five times faster on a large step);
    every key and value is HTML-escaped.
    """
    found: dict[int, Markup | None] = {}
    for number in range(1, 9):
        model = result.dossier.step(number)
        data = model.model_dump(mode="json", exclude={"checklist", "approvals"}) if model else {}
        if number == 8:
            data.pop("evaluations", None)  # shown as evaluations, with the charts
            decommissioning = data.get("decommissioning")
            if isinstance(decommissioning, dict):
                decommissioning.pop("checklist", None)
        if not any(not _empty(v) for v in data.values()):
            found[number] = None
            continue
        parts: list[str] = []
        _fields(data, copied, parts)
        found[number] = Markup("".join(parts))
    return found


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == {}


def _fields(data: dict[str, Any], copied: dict[str, str], parts: list[str]) -> None:
    parts.append('<dl class="fields">')
    for key, value in data.items():
        if _empty(value):
            continue
        parts.append(f"<dt><code>{quote(str(key))}</code></dt><dd>")
        _value(str(key), value, copied, parts)
        parts.append("</dd>")
    parts.append("</dl>")


def _value(key: str, value: Any, copied: dict[str, str], parts: list[str]) -> None:
    if isinstance(value, dict):
        _fields(value, copied, parts)
    elif isinstance(value, list):
        parts.append("<ul>" if key == "evidence" or all(
            not isinstance(v, dict | list) for v in value
        ) else "<ol>")  # fmt: skip
        tag = parts[-1][1:3]
        for item in value:
            parts.append("<li>")
            if key == "evidence":
                parts.append(link_html(evidence_link(item, copied)))
            else:
                _value(key, item, copied, parts)
            parts.append("</li>")
        parts.append(f"</{tag}>")
    elif isinstance(value, bool):
        parts.append("true" if value else "false")
    elif isinstance(value, float) and value.is_integer():
        parts.append(str(int(value)))
    else:
        parts.append(quote(str(value)))


def link_html(link: dict[str, Any]) -> str:
    if link["href"]:
        return f'<a href="{quote(link["href"])}">{quote(link["text"])}</a>'
    return f'<span class="nolink">{quote(link["text"])}</span>'


def evidence_link(value: Any, copied: dict[str, str]) -> dict[str, Any]:
    text = str(value)
    return {"text": text, "href": link_target(text, copied)}


def dossier_context(
    result: DossierResult,
    lang: Lang,
    today: dt.date,
    copied: dict[str, str],
    documents: list[dict[str, Any]],
    next_evaluation: dt.date | None,
    timeline: list[Any],
    fields: dict[int, Markup | None],
) -> dict[str, Any]:
    from hai_cli.approvals import staleness

    dossier = result.dossier
    info = dossier.info
    cat = catalogue()
    states = {s.item.id: s for s in result.items}
    steps = []
    for step in cat.steps:
        model = dossier.step(step.number)
        items = []
        for item in step.items:
            state = states.get(item.id)
            if state is None:
                continue
            entry = _item_model(model, item.id, item.group)
            items.append(
                {
                    "id": item.id,
                    "number": item.number,
                    "text": item.text(lang),
                    "status": state.status,
                    "status_label": labels.value(state.status, lang),
                    "settled": state.settled,
                    "note": getattr(entry, "note", None),
                    "reason": getattr(entry, "reason", None),
                    "evidence": [evidence_link(v, copied) for v in getattr(entry, "evidence", [])],
                }
            )
        steps.append(
            {
                "number": step.number,
                "title": step.title(lang),
                "summary": step.summary(lang),
                "file": dossier.steps[step.number].path if step.number in dossier.steps else "",
                "loaded": model is not None,
                "checklist": items,
                "fields": fields[step.number],
            }
        )
    gates = []
    for gate in result.gates.values():
        gates.append(
            {
                "id": gate.id,
                "title": cat.gates[gate.id].title(lang),
                "passed": gate.passed,
                "phase": gate.wrong_phase,
                "phase_unread": gate.phase_unread,
                "open": [
                    {"id": i, "text": it.text(lang) if (it := cat.item(i)) else i}
                    for i in gate.blocking_items
                ],
                "rules": [
                    {"code": p.code, "where": f"{p.file}:{p.line}", "message": p.text(lang)}
                    for p in gate.blocking_rules
                ],
                "approvals": [labels.value(r, lang) for r in gate.missing_approvals],
            }
        )
    approvals = []
    found: list[tuple[Any, int | str]] = [(a, a.gate) for a in (info.approvals if info else [])]
    for number in range(1, 9):
        model = dossier.step(number)
        found += [(a, number) for a in getattr(model, "approvals", [])]
    for approval, target in found:
        held = staleness(dossier, approval, target)
        approvals.append(
            {
                "what": (
                    f"{labels.word('step', lang)} {target}"
                    if isinstance(target, int)
                    else cat.gates[target].title(lang)
                ),
                "name": approval.name,
                "role": labels.value(approval.role, lang),
                "date": approval.date.isoformat(),
                "current": held.current,
                "changed": ", ".join(held.changed),
                "comment": approval.comment,
            }
        )
    evaluations, measures = _evaluations(result, lang, today, copied)
    return {
        "lang": lang,
        "other": "en" if lang == "nl" else "nl",
        "name": info.name if info else (dossier.id or dossier.display),
        "display": dossier.display,
        "info": _info(result, lang),
        "next_evaluation": next_evaluation.isoformat() if next_evaluation else "",
        "overdue": any(p.code == "HAI180" for p in result.errors),
        "gates": gates,
        "steps": steps,
        "findings": [
            {
                "code": p.code,
                "severity": p.severity.value,
                "severity_label": word(p.severity.value, lang),
                "where": f"{p.file}:{p.line}",
                "message": p.text(lang),
            }
            for p in result.problems
        ],
        "approvals": approvals,
        "timeline": [{"date": e.date.isoformat(), "text": e.text(lang)} for e in timeline],
        "evaluations": evaluations,
        "measures": measures,
        "documents": [{**d, "title": d["title"](lang)} for d in documents],
    }


def _info(result: DossierResult, lang: Lang) -> list[tuple[str, str]]:
    dossier = result.dossier
    info = dossier.info
    rows = [(word("id", lang), dossier.id or "-")]
    if info is None:
        return rows
    rows.append((word("phase", lang), labels.value(info.phase.value, lang)))
    rows.append((word("acquisition", lang), labels.value(info.acquisition.value, lang)))
    if info.supplier is not None:
        parts = [info.supplier.name, info.supplier.product, info.supplier.version]
        rows.append((word("supplier", lang), " · ".join(p for p in parts if p) or "-"))
    if info.owner is not None:
        parts = [info.owner.department, info.owner.role, info.owner.name]
        rows.append((word("owner", lang), " · ".join(p for p in parts if p) or "-"))
    if info.intended_use:
        rows.append((word("intended_use", lang), info.intended_use))
    return rows


def _item_model(model: Any, item_id: str, group: str) -> Any:
    if model is None:
        return None
    holder = model.checklist
    if group == "decommissioning":
        holder = model.decommissioning.checklist if model.decommissioning else None
    return getattr(holder, item_id.replace("-", "_"), None) if holder else None


def _limit_text(low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"{_shown(low, 'en')} – {_shown(high, 'en')}"
    if low is not None:
        return f"≥ {_shown(low, 'en')}"
    if high is not None:
        return f"≤ {_shown(high, 'en')}"
    return "-"


def _evaluations(
    result: DossierResult, lang: Lang, today: dt.date, copied: dict[str, str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Step 8's evaluations (newest first) and, per monitored measure, its chart and table."""
    from hai_cli.rules import Context
    from hai_cli.rules.lifecycle import breaches

    step8 = result.dossier.model(EvaluationStep)
    if step8 is None or result.dossier.info is None:
        return [], []
    ctx = Context(result.dossier, today)
    crossed = {i: breaches(ctx, e) for i, e in enumerate(step8.evaluations)}
    evaluations = []
    for index, evaluation in sorted(
        enumerate(step8.evaluations), key=lambda pair: pair[1].date, reverse=True
    ):
        evaluations.append(
            {
                "anchor": f"evaluation-{index}",
                "date": evaluation.date.isoformat(),
                "period": " – ".join(
                    d.isoformat() for d in (evaluation.period_from, evaluation.period_to) if d
                ),
                "decision": labels.value(evaluation.decision, lang) if evaluation.decision else "",
                "figures": [
                    {
                        "measure": f.measure,
                        "value": "" if f.value is None else _shown(f.value, lang),
                        "crossed": f.measure in crossed[index],
                        "note": f.note,
                    }
                    for f in evaluation.figures
                ],
                "incidents": evaluation.incidents,
                "findings": evaluation.findings,
                "chair": evaluation.chair,
                "participants": evaluation.participants,
                "evidence": [evidence_link(v, copied) for v in evaluation.evidence],
            }
        )
    measures = []
    for number, measure in enumerate(step8.monitoring):
        if not measure.id:
            continue
        low = measure.limit.min if measure.limit else None
        high = measure.limit.max if measure.limit else None
        points = []
        for index, evaluation in enumerate(step8.evaluations):
            decision = labels.value(evaluation.decision, lang) if evaluation.decision else "-"
            for figure in evaluation.figures:
                value = figure.value
                if figure.measure != measure.id or isinstance(value, bool):
                    continue
                if not isinstance(value, int | float) or not math.isfinite(value):
                    continue  # .nan, .inf: no point to draw (hai check: HAI195 at its line)
                points.append(
                    charts.Point(
                        evaluation.date,
                        float(value),
                        measure.id in crossed[index],
                        f"#evaluation-{index}",
                        f"{evaluation.date.isoformat()}: {_shown(value, lang)} "
                        f"({word('decision', lang).lower()}: {decision})",
                    )
                )
        points.sort(key=lambda p: p.date)
        limit = _limit_text(low, high)
        title = f"{measure.id} ({labels.value(measure.measure, lang)})"
        chart = None
        if points:
            desc = Text(*WORDS["chart_desc"]).format(
                m=measure.id,
                n=len(points),
                a=points[0].date.isoformat(),
                b=points[-1].date.isoformat(),
                l=limit,
                c=sum(1 for p in points if p.crossed),
            )(lang)
            chart = charts.measure_chart(f"measure-{number}", title, desc, points, low, high)
        measures.append(
            {
                "id": measure.id,
                "title": title,
                "threshold": measure.threshold,
                "limit": limit,
                "chart": chart,
                "points": [
                    {
                        "date": p.date.isoformat(),
                        "value": _shown(p.value, lang),
                        "crossed": p.crossed,
                        "href": p.href,
                    }
                    for p in points
                ],
            }
        )
    return evaluations, measures
