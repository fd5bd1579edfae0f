"""Step 8 and the lifecycle after go-live: evaluations, changes and model versions."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from typing import TypeGuard

from hai_cli import figures
from hai_cli.dates import add_months
from hai_cli.i18n import Text
from hai_cli.model.steps import (
    Change,
    ChangeSize,
    ChangeStatus,
    Evaluation,
    EvaluationStep,
    ImplementationStep,
    MonitoringMeasure,
)
from hai_cli.problems import Severity
from hai_cli.rules import Context, Finding, rule
from hai_cli.vocab import Phase

DUE_SOON_DAYS = 30
BEFORE_USE = (Phase.DEVELOPMENT, Phase.ACQUISITION, Phase.COMMISSIONING)


def next_evaluation(ctx: Context) -> tuple[dt.date | None, Finding | None]:
    """When the next evaluation is due, and where the date it counts from is recorded (None:
    step 8 did not load, or nothing to count from)."""
    step = ctx.maybe(EvaluationStep)
    if step is None:
        return None, None
    if step.evaluations:
        index, last = max(enumerate(step.evaluations), key=lambda pair: pair[1].date)
        where = ctx.at(8, "evaluations", index, "date", text=Text("", ""))
        return add_months(last.date, step.evaluation_interval_months), where
    step7 = ctx.maybe(ImplementationStep)
    releases = step7.releases if step7 is not None else None
    functional = releases.functional if releases else None
    if functional is not None and functional.date is not None:
        where = ctx.at(7, "releases", "functional", "date", text=Text("", ""))
        return add_months(functional.date, step.evaluation_interval_months), where
    return None, None


@rule(
    "HAI180",
    Severity.ERROR,
    "evaluatie te laat",
    "evaluation overdue",
    needs=(EvaluationStep,),
)
def evaluation_overdue(ctx: Context) -> Iterator[Finding]:
    if ctx.phase is not Phase.USE:
        return
    due, where = next_evaluation(ctx)
    if due is None:
        yield ctx.at(
            8,
            "evaluations",
            text=Text(
                "De software is in gebruik (fase 3), maar er is geen evaluatie en geen datum "
                "van functionele vrijgave vastgelegd. Leg de vrijgave (stap 7) of de eerste "
                "evaluatie vast.",
                "The software is in use (phase 3), but no evaluation and no functional release "
                "date is recorded. Record the release (step 7) or the first evaluation.",
            ),
        )
    elif where is not None and due < ctx.today:
        yield Finding(
            where.file,
            where.line,
            Text(
                "De evaluatie is te laat: de volgende was uiterlijk {due} nodig (elke {n} "
                "maanden). Evalueer de uitkomsten en leg de evaluatie vast onder 'evaluations'.",
                "The evaluation is overdue: the next one was due by {due} (every {n} months). "
                "Evaluate the outcomes and record it under 'evaluations'.",
            ).format(due=due.isoformat(), n=ctx.step(EvaluationStep).evaluation_interval_months),
        )


@rule(
    "HAI181",
    Severity.WARNING,
    "evaluatie binnenkort nodig",
    "evaluation due soon",
    needs=(EvaluationStep,),
)
def evaluation_due_soon(ctx: Context) -> Iterator[Finding]:
    if ctx.phase is not Phase.USE:
        return
    due, where = next_evaluation(ctx)
    soon = ctx.today + dt.timedelta(days=DUE_SOON_DAYS)
    if due is not None and where is not None and ctx.today <= due <= soon:
        yield Finding(
            where.file,
            where.line,
            Text(
                "De volgende evaluatie is uiterlijk {due} nodig. Plan het overleg.",
                "The next evaluation is due by {due}. Plan the meeting.",
            ).format(due=due.isoformat()),
        )


PHASE_1_STEPS = frozenset({3, 4, 5, 6})  # a major change repeats phase 1: steps 3 to 6


def unhandled_changes(ctx: Context, size: ChangeSize) -> Iterator[tuple[int, Change]]:
    """Implemented changes of this size whose re-assessment is not recorded as done (for a
    major change: done and covering steps 3 to 6)."""
    for index, change in enumerate(ctx.step(EvaluationStep).changes):
        again = change.reassessment
        handled = again is not None and again.done
        if handled and size is ChangeSize.MAJOR and again is not None:
            handled = set(again.steps) >= PHASE_1_STEPS
        if change.status is ChangeStatus.IMPLEMENTED and change.size is size and not handled:
            yield index, change


@rule(
    "HAI182",
    Severity.ERROR,
    "grote wijziging zonder herbeoordeling",
    "major change without re-assessment",
    needs=(EvaluationStep,),
    reopens=("request", "go-live"),  # a major change repeats phase 1: steps 3-6 and go-live
)
def major_change(ctx: Context) -> Iterator[Finding]:
    for index, change in unhandled_changes(ctx, ChangeSize.MAJOR):
        yield ctx.at(
            8,
            "changes",
            index,
            text=Text(
                "De grote wijziging van {d} ({k}) is niet herbeoordeeld over stap 3 tot en met "
                "6 (vastgelegd: {s}). Bij een grote wijziging doorloop je fase 1 opnieuw en "
                "herhaal je stap 3 tot en met 6; leg dat vast onder 'reassessment' "
                "(steps: [3, 4, 5, 6], done, date).",
                "The major change of {d} ({k}) has not been re-assessed over steps 3 to 6 "
                "(recorded: {s}). A major change repeats phase 1 and steps 3 to 6; record that "
                "under 'reassessment' (steps: [3, 4, 5, 6], done, date).",
            ).format(
                d=change.date.isoformat(),
                k=change.kind.value,
                s=", ".join(str(n) for n in change.reassessment.steps)
                if change.reassessment and change.reassessment.steps
                else "-",
            ),
        )


@rule(
    "HAI183",
    Severity.ERROR,
    "fase past niet bij de versies",
    "phase does not fit the versions",
    needs=(EvaluationStep,),
)
def phase_versions(ctx: Context) -> Iterator[Finding]:
    phase = ctx.phase
    versions = ctx.step(EvaluationStep).versions
    for index, version in enumerate(versions):
        if version.in_production and phase is Phase.DECOMMISSIONED:
            yield ctx.at(
                8,
                "versions",
                index,
                "in_production",
                text=Text(
                    "Het product is afgevoerd (fase 4), maar versie {v} staat nog in productie. "
                    "Zet 'in_production: false' en een 'retired'-datum, of pas de fase aan.",
                    "The product is decommissioned (phase 4), but version {v} is still in "
                    "production. Set 'in_production: false' and a 'retired' date, or change the "
                    "phase.",
                ).format(v=version.version),
            )
        elif version.in_production and phase in BEFORE_USE:
            yield ctx.at(
                8,
                "versions",
                index,
                "in_production",
                text=Text(
                    "Versie {v} staat in productie, maar het dossier is nog in fase {p}: klinisch "
                    "gebruik begint pas na de ingebruikname (fase 2, stap 7). Pas de fase aan "
                    "of zet 'in_production: false'.",
                    "Version {v} is in production, but the dossier is still in phase {p}: "
                    "clinical use starts only after commissioning (phase 2, step 7). Change the "
                    "phase or set 'in_production: false'.",
                ).format(v=version.version, p=phase),
            )
    if phase is Phase.USE and versions and not any(v.in_production for v in versions):
        yield ctx.at(
            8,
            "versions",
            text=Text(
                "Het product is in gebruik (fase 3), maar geen enkele versie staat in productie. "
                "Markeer de versie die klinisch draait met 'in_production: true'.",
                "The product is in use (phase 3), but no version is in production. Mark the "
                "version that runs clinically with 'in_production: true'.",
            ),
        )


@rule(
    "HAI184",
    Severity.ERROR,
    "versie in productie zonder validatie",
    "version in production without validation",
    needs=(EvaluationStep,),
)
def version_validated(ctx: Context) -> Iterator[Finding]:
    for index, version in enumerate(ctx.step(EvaluationStep).versions):
        if version.in_production and version.validated is not True:
            yield ctx.at(
                8,
                "versions",
                index,
                text=Text(
                    "Versie {v} staat in productie maar is niet als gevalideerd vastgelegd. "
                    "Valideer lokaal (stap 7, fase 2) en zet 'validated: true'.",
                    "Version {v} is in production but not recorded as validated. Validate it "
                    "locally (step 7, phase 2) and set 'validated: true'.",
                ).format(v=version.version),
            )


@rule(
    "HAI185",
    Severity.WARNING,
    "nieuwe versie zonder afweging DPIA",
    "new version without DPIA consideration",
    needs=(EvaluationStep,),
)
def version_dpia(ctx: Context) -> Iterator[Finding]:
    for index, version in enumerate(ctx.step(EvaluationStep).versions[1:], start=1):
        if version.dpia_considered is not True or version.impact_assessment_considered is not True:
            yield ctx.at(
                8,
                "versions",
                index,
                text=Text(
                    "Bij versie {v} is niet vastgelegd dat een nieuwe DPIA en AI-impact-"
                    "assessment zijn overwogen. Zet 'dpia_considered' en "
                    "'impact_assessment_considered' en noem de uitkomst.",
                    "For version {v} it is not recorded that a new DPIA and AI impact "
                    "assessment were considered. Set 'dpia_considered' and "
                    "'impact_assessment_considered' and state the outcome.",
                ).format(v=version.version),
            )


def plan(ctx: Context) -> dict[str, MonitoringMeasure]:
    """The monitored measures by id (a measure without an id cannot be given a figure)."""
    step = ctx.maybe(EvaluationStep)  # also called outside rules (render, site, evaluate)
    return {m.id: m for m in (step.monitoring if step else []) if m.id}


def _numeric(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def breaches(ctx: Context, evaluation: Evaluation) -> list[str]:
    """The measures whose figure in this evaluation crossed its limit, or that were recorded as
    breached. A figure that crosses the limit counts, whatever ``breached`` says (HAI197)."""
    measures = plan(ctx)
    found = []
    for figure in evaluation.figures:
        measure = measures.get(figure.measure)
        limit = measure.limit if measure else None
        crossed = figure.breached is True or (
            _numeric(figure.value) and limit is not None and limit.breached_by(float(figure.value))
        )
        if crossed:
            found.append(figure.measure)
    return found


def not_comparable(ctx: Context, evaluation: Evaluation) -> list[tuple[int, Text]]:
    """The figures (by index) that cannot be compared with their measure's limit, and why."""
    measures = plan(ctx)
    found = []
    for number, figure in enumerate(evaluation.figures):
        measure = measures.get(figure.measure)
        if measure is None or measure.limit is None:
            why = figures.not_finite(figure.value, figure.measure)  # no limit: still no figure
            if why is not None:
                found.append((number, why))
            continue
        if figure.value is None and figure.breached is not None:
            continue  # no figure, but the evaluation records its judgement
        why = figures.problem(figure.value, figure.measure, measure.limit, measure.proportion)
        if why is not None:
            found.append((number, why))
    return found


def not_measured(ctx: Context, evaluation: Evaluation) -> list[str]:
    """The measures with a limit that this evaluation gives no figure for."""
    given = {figure.measure for figure in evaluation.figures}
    return [i for i, m in plan(ctx).items() if m.limit is not None and i not in given]


@rule(
    "HAI198",
    Severity.WARNING,
    "laatste evaluatie zonder cijfer voor een maat met grenswaarde",
    "latest evaluation without a figure for a measure with a limit",
    needs=(EvaluationStep,),
)
def figure_missing(ctx: Context) -> Iterator[Finding]:
    evaluations = ctx.step(EvaluationStep).evaluations
    if not evaluations:
        return
    index, last = max(enumerate(evaluations), key=lambda pair: pair[1].date)
    missing = not_measured(ctx, last)
    if missing:
        yield ctx.at(
            8,
            "evaluations",
            index,
            text=Text(
                "De evaluatie van {d} geeft geen cijfer voor {m}, dus hai kan niet zien of de "
                "grenswaarde is overschreden. Voeg onder 'figures' het gemeten cijfer toe, of "
                "'breached: true|false' met een toelichting als het niet gemeten kon worden.",
                "The evaluation of {d} gives no figure for {m}, so hai cannot tell whether the "
                "limit was crossed. Add the measured figure under 'figures', or "
                "'breached: true|false' with a note when it could not be measured.",
            ).format(d=last.date.isoformat(), m=", ".join(missing)),
        )


@rule(
    "HAI195",
    Severity.ERROR,
    "cijfer niet te vergelijken met de grenswaarde",
    "figure cannot be compared with the limit",
    needs=(EvaluationStep,),
)
def figure_not_comparable(ctx: Context) -> Iterator[Finding]:
    for index, evaluation in enumerate(ctx.step(EvaluationStep).evaluations):
        for number, why in not_comparable(ctx, evaluation):
            figure = evaluation.figures[number]
            key = ("value",) if figure.value is not None else ()
            yield ctx.at(8, "evaluations", index, "figures", number, *key, text=why, value=True)


@rule(
    "HAI196",
    Severity.ERROR,
    "grenswaarde die niets toetst",
    "limit that checks nothing",
    needs=(EvaluationStep,),
)
def empty_limit(ctx: Context) -> Iterator[Finding]:
    for index, measure in enumerate(ctx.step(EvaluationStep).monitoring):
        limit = measure.limit
        if limit is None:
            continue
        name = measure.id or measure.measure.value
        if limit.min is None and limit.max is None:
            yield ctx.at(
                8,
                "monitoring",
                index,
                "limit",
                text=Text(
                    "De grenswaarde van '{m}' heeft geen min en geen max, dus geen cijfer kan "
                    "haar overschrijden. Schrijf bijvoorbeeld 'limit: {{min: 0.80}}' of "
                    "'limit: {{max: 5}}', of laat 'limit' weg.",
                    "The limit of '{m}' has neither min nor max, so no figure can cross it. "
                    "Write for example 'limit: {{min: 0.80}}' or 'limit: {{max: 5}}', or leave "
                    "out 'limit'.",
                ).format(m=name),
            )
        elif limit.min is not None and limit.max is not None and limit.min > limit.max:
            yield ctx.at(
                8,
                "monitoring",
                index,
                "limit",
                text=Text(
                    "De grenswaarde van '{m}' is {limit}: min is groter dan max, dus elk cijfer "
                    "is een overschrijding. Wissel min en max om.",
                    "The limit of '{m}' is {limit}: min is greater than max, so every figure is "
                    "a breach. Swap min and max.",
                ).format(m=name, limit=figures.limit_text(limit)),
            )


@rule(
    "HAI197",
    Severity.ERROR,
    "'breached: false' terwijl het cijfer de grenswaarde overschrijdt",
    "'breached: false' while the figure crosses the limit",
    needs=(EvaluationStep,),
)
def breach_denied(ctx: Context) -> Iterator[Finding]:
    measures = plan(ctx)
    for index, evaluation in enumerate(ctx.step(EvaluationStep).evaluations):
        for number, figure in enumerate(evaluation.figures):
            measure = measures.get(figure.measure)
            limit = measure.limit if measure else None
            if (
                figure.breached is False
                and limit is not None
                and _numeric(figure.value)
                and limit.breached_by(float(figure.value))
            ):
                yield ctx.at(
                    8,
                    "evaluations",
                    index,
                    "figures",
                    number,
                    "breached",
                    value=True,
                    text=Text(
                        "Het cijfer {v} voor '{m}' overschrijdt de grenswaarde {limit}, maar er "
                        "staat 'breached: false'. Laat 'breached' weg (hai rekent het zelf uit) "
                        "of corrigeer het cijfer.",
                        "The figure {v} for '{m}' crosses the limit {limit}, but it says "
                        "'breached: false'. Leave out 'breached' (hai works it out) or correct "
                        "the figure.",
                    ).format(v=figure.value, m=figure.measure, limit=figures.limit_text(limit)),
                )


@rule(
    "HAI186",
    Severity.ERROR,
    "grenswaarde overschreden zonder besluit",
    "threshold breached without a decision",
    needs=(EvaluationStep,),
)
def breach_without_decision(ctx: Context) -> Iterator[Finding]:
    for index, evaluation in enumerate(ctx.step(EvaluationStep).evaluations):
        crossed = breaches(ctx, evaluation)
        if crossed and evaluation.decision is None:
            yield ctx.at(
                8,
                "evaluations",
                index,
                text=Text(
                    "In de evaluatie van {d} is de grenswaarde overschreden voor {m}, maar er is "
                    "geen besluit vastgelegd. Leg onder 'decision' vast of het gebruik doorgaat, "
                    "verandert of stopt.",
                    "In the evaluation of {d} the threshold was breached for {m}, but no "
                    "decision is recorded. Record under 'decision' whether use continues, "
                    "changes or stops.",
                ).format(d=evaluation.date.isoformat(), m=", ".join(crossed)),
            )


@rule(
    "HAI187",
    Severity.ERROR,
    "cijfer voor een onbekende uitkomstmaat",
    "figure for an unknown measure",
    needs=(EvaluationStep,),
)
def unknown_figure(ctx: Context) -> Iterator[Finding]:
    known = list(plan(ctx))
    for index, evaluation in enumerate(ctx.step(EvaluationStep).evaluations):
        for number, figure in enumerate(evaluation.figures):
            if figure.measure not in known:
                yield ctx.at(
                    8,
                    "evaluations",
                    index,
                    "figures",
                    number,
                    "measure",
                    text=Text(
                        "'{m}' is geen uitkomstmaat van het monitoringsplan. Gebruik een van: "
                        "{known} (het 'id' onder 'monitoring').",
                        "'{m}' is not a measure of the monitoring plan. Use one of: {known} "
                        "(the 'id' under 'monitoring').",
                    ).format(m=figure.measure, known=", ".join(known) or "-"),
                )


PATIENT_DATA_YEARS = 20
RECORDS_YEARS = 10


@rule(
    "HAI188",
    Severity.ERROR,
    "bewaartermijn na afvoer te kort of niet vastgelegd",
    "retention after decommissioning too short or not recorded",
    needs=(EvaluationStep,),
)
def retention(ctx: Context) -> Iterator[Finding]:
    if ctx.phase is not Phase.DECOMMISSIONED:
        return
    step = ctx.step(EvaluationStep)
    plan = step.decommissioning
    since = plan.date if plan and plan.date else ctx.today
    kept = plan.retention if plan else None
    needed: list[tuple[str, int | None]] = [("patient_data_until", PATIENT_DATA_YEARS)]
    if not ctx.purchase:
        # a manufacturer keeps its records at least 10 years (MDR art. 10(8)); for an in-house
        # device within the own organisation no law sets a term: the hospital's policy does
        needed.append(("records_until", RECORDS_YEARS if ctx.info.shared_outside else None))
    for name, years in needed:
        until = getattr(kept, name) if kept else None
        minimum = add_months(since, 12 * years) if years is not None else since
        if until is not None and until >= minimum:
            continue
        where = ("decommissioning", "retention", *((name,) if until is not None else ()))
        if years is None:
            yield ctx.at(
                8,
                *where,
                text=Text(
                    "Na afvoer op {since} moet het ontwikkeldossier bewaard blijven; voor zelfbouw "
                    "binnen de eigen organisatie is de termijn beleid van het ziekenhuis (geen "
                    "wettelijke termijn; het ziekenhuis is geen fabrikant). Leg die termijn vast "
                    "met 'retention.{name}' (vastgelegd: {until}).",
                    "After decommissioning on {since} the development records must be kept; for "
                    "an in-house build within the own organisation the period is hospital policy "
                    "(no statutory term; the hospital is not a manufacturer). Record that period "
                    "with 'retention.{name}' (recorded: {until}).",
                ).format(
                    since=since.isoformat(), name=name, until=until.isoformat() if until else "-"
                ),
            )
            continue
        law = (
            Text("Wgbo: 20 jaar", "Wgbo: 20 years")
            if name == "patient_data_until"
            else Text(
                "het ziekenhuis is fabrikant: MDR art. 10 lid 8",
                "the hospital is the manufacturer: MDR art. 10(8)",
            )
        )
        yield ctx.at(
            8,
            *where,
            text=Text(
                "Na afvoer op {since} moet {what} bewaard blijven tot minstens {min} "
                "({y} jaar; {law}); vastgelegd: {until}. Zet 'retention.{name}'.",
                "After decommissioning on {since}, {what_en} must be kept until at least "
                "{min} ({y} years; {law}); recorded: {until}. Set 'retention.{name}'.",
            ).format(
                since=since.isoformat(),
                what="de patiëntdata" if name == "patient_data_until" else "het ontwikkeldossier",
                what_en="the patient data"
                if name == "patient_data_until"
                else "the development records",
                min=minimum.isoformat(),
                y=years,
                law=law,
                until=until.isoformat() if until else "-",
                name=name,
            ),
        )


@rule(
    "HAI189",
    Severity.ERROR,
    "kleine wijziging zonder herhaalde ingebruikname",
    "minor change without repeated commissioning",
    needs=(EvaluationStep,),
    reopens=("go-live",),  # a minor change repeats phase 2
)
def minor_change(ctx: Context) -> Iterator[Finding]:
    for index, change in unhandled_changes(ctx, ChangeSize.MINOR):
        yield ctx.at(
            8,
            "changes",
            index,
            text=Text(
                "De kleine wijziging van {d} ({k}) is nog niet afgehandeld. Bij een kleine "
                "wijziging herhaal je fase 2 (acceptatietest, validatie, vrijgave); leg dat "
                "vast onder 'reassessment' (done, date).",
                "The minor change of {d} ({k}) is not yet handled. A minor change repeats "
                "phase 2 (acceptance test, validation, release); record that under "
                "'reassessment' (done, date).",
            ).format(d=change.date.isoformat(), k=change.kind.value),
        )
