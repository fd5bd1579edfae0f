"""The law as of the date of the check: decision trees answered in the dossier, dated duties.

Which obligations apply is data (``catalogue/law.yaml``, with a hospital's ``.hai/law.yaml``);
the answers to the decision trees (``catalogue/decisions/``) in steps 4, 6 and 8 say which of
them concern this product. Every rule here is dated through that data, never by a literal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache

from hai_cli.i18n import Text
from hai_cli.law import Law, Obligation, Tree, Walk, law, walk
from hai_cli.load import Dossier
from hai_cli.model.steps import (
    STEP_MODELS,
    STEP_NUMBERS,
    ChangeKind,
    ChangeStatus,
    EvaluationStep,
    Guideline,
    ImplementationStep,
    InnovationStep,
    LawsStep,
    RisksStep,
    TasksStep,
)
from hai_cli.problems import Severity
from hai_cli.rules import Context, Finding, rule
from hai_cli.vocab import Phase

IN_USE = ("2", "3")  # commissioning and use: the phases in which a deployer's duties bite


@dataclass(frozen=True, slots=True)
class LawDate:
    """The next date on which an obligation that concerns the dossier begins to apply."""

    date: dt.date
    obligation: str
    article: str
    decided: bool  # False: it may concern the dossier; the decision trees are not answered yet


def next_law_date(dossier: Dossier, today: dt.date) -> LawDate | None:
    """The first obligation after ``today`` that concerns the dossier (or may, while its
    decision trees are unanswered); None for a decommissioned one. ``hai status`` and the
    site's portfolio both show it."""
    info = dossier.info
    if info is None or info.phase is Phase.DECOMMISSIONED:
        return None
    ctx = Context(dossier, today)
    decided = outcomes(ctx)
    for obligation in law_of(ctx).upcoming(today, decided):
        if obligation.applies_from is not None:
            sure = obligation.concerns(decided) is True
            return LawDate(obligation.applies_from, obligation.id, obligation.article, sure)
    return None


@cache
def _law(dates: tuple[tuple[str, dt.date], ...], file: str | None) -> Law:
    return law().with_dates(dict(dates), file or "")


def law_of(ctx: Context) -> Law:
    """hai's law data with this dossier's repository overrides applied."""
    return _law(tuple(sorted(ctx.dossier.law_dates.items())), ctx.dossier.law_file)


def _yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def facts(ctx: Context) -> dict[str, str | None]:
    """What the dossier itself already says about questions of the trees."""
    info = ctx.info
    step2, step4 = ctx.maybe(InnovationStep), ctx.maybe(RisksStep)
    supplier = info.supplier
    within = supplier.use_within_intended_use if supplier is not None else None
    research = step2.market_research if step2 is not None else None
    justified: str | None = None
    if not ctx.purchase and step2 is not None:
        justified = _yes_no(bool(research and (research.why_no_market_product or "").strip()))
    data = step4.personal_data if step4 is not None else None
    return {
        "acquisition": info.acquisition.value,
        "shared_outside": None if ctx.purchase else _yes_no(info.shared_outside),
        "outside_intended_use": None if within is None or not ctx.purchase else _yes_no(not within),
        "medical_device": _yes_no(step2.medical_device) if step2 is not None else None,
        "market_justified": justified,
        "personal_data": _yes_no(data.processed) if data is not None else None,
    }


def _answers(ctx: Context, tree: Tree) -> Mapping[str, object] | None:
    model = ctx.maybe(STEP_MODELS[tree.step])
    decisions = getattr(model, "decisions", None) if model is not None else None
    if not isinstance(decisions, dict):
        return None
    answers: Mapping[str, object] | None = decisions.get(tree.id)
    return answers


def decided(ctx: Context, tree_id: str) -> Walk | None:
    """The walk of one tree over the dossier's answers (None: the tree is not answered)."""
    tree = law_of(ctx).trees[tree_id]
    answers = _answers(ctx, tree)
    if answers is None:
        return None
    return walk(tree, answers, facts(ctx))


def outcomes(ctx: Context) -> dict[str, str | None]:
    """Tree id to the outcome the dossier's answers reach (None: not decided)."""
    found: dict[str, str | None] = {}
    for tree_id, tree in law_of(ctx).trees.items():
        if tree.step == 8 or ctx.maybe(STEP_MODELS[tree.step]) is None:
            continue
        result = decided(ctx, tree_id)
        found[tree_id] = result.outcome.id if result and result.outcome else None
    return found


def _applying(ctx: Context, code: str) -> list[Obligation]:
    current = outcomes(ctx)
    return [o for o in law_of(ctx).for_rule(code) if o.applies(ctx.today, current)]


def _since(obligation: Obligation) -> str:
    return obligation.applies_from.isoformat() if obligation.applies_from else "-"


def _misfit_findings(
    ctx: Context, result: Walk, base: tuple[str | int, ...], complete: bool
) -> Iterator[Finding]:
    for misfit in result.misfits:
        path = (*base, misfit.question) if misfit.question else base
        yield ctx.at(result.tree.step, *path, value=misfit.value, text=misfit.text)
    if complete and result.waiting is not None and not result.misfits:
        question = result.waiting
        yield ctx.at(
            result.tree.step,
            *base,
            text=Text(
                "De beslisboom '{t}' is niet af: beantwoord '{q}' ({text}) met {options}. "
                "'hai decide {t}' loopt de vragen met je door.",
                "The decision tree '{t}' is not finished: answer '{q}' ({text}) with "
                "{options}. 'hai decide {t}' walks you through the questions.",
            ).format(
                t=result.tree.id,
                q=question.id,
                text=question.text,
                options=", ".join(question.answers),
            ),
        )


@rule(
    "HAI240",
    Severity.ERROR,
    "antwoord past niet in de beslisboom",
    "answer does not fit the decision tree",
)
def answers_fit(ctx: Context) -> Iterator[Finding]:
    trees = law_of(ctx).trees
    models: list[tuple[int, RisksStep | LawsStep | None]] = [
        (STEP_NUMBERS[RisksStep], ctx.maybe(RisksStep)),
        (STEP_NUMBERS[LawsStep], ctx.maybe(LawsStep)),
    ]
    for step, model in models:
        if model is None:
            continue
        for tree_id in model.decisions:
            tree = trees.get(tree_id)
            if tree is None or tree.step != step:
                here = [t.id for t in trees.values() if t.step == step]
                yield ctx.at(
                    step,
                    "decisions",
                    tree_id,
                    text=Text(
                        "'{t}' is geen beslisboom van deze stap. Hier horen: {here}.",
                        "'{t}' is not a decision tree of this step. This step has: {here}.",
                    ).format(t=tree_id, here=", ".join(here)),
                )
                continue
            if tree.acquisition is not None and tree.acquisition != ctx.info.acquisition.value:
                yield ctx.at(
                    step,
                    "decisions",
                    tree_id,
                    text=Text(
                        "De beslisboom '{t}' geldt alleen bij {a}; dit dossier is {b}. "
                        "Verwijder hem.",
                        "The decision tree '{t}' applies only to {a}; this dossier is {b}. "
                        "Remove it.",
                    ).format(t=tree_id, a=tree.acquisition, b=ctx.info.acquisition.value),
                )
                continue
            result = walk(tree, model.decisions[tree_id], facts(ctx))
            yield from _misfit_findings(ctx, result, ("decisions", tree_id), complete=True)
    step8 = ctx.maybe(EvaluationStep)
    if step8 is not None:
        tree = trees["change-significance"]
        for index, change in enumerate(step8.changes):
            if change.significance:
                result = walk(tree, change.significance, facts(ctx))
                yield from _misfit_findings(
                    ctx, result, ("changes", index, "significance"), complete=True
                )


@rule(
    "HAI241",
    Severity.ERROR,
    "rol of risicoklasse onder de AI-verordening niet vastgelegd",
    "role or risk class under the AI Act not recorded",
    needs=(LawsStep,),
)
def ai_act_decided(ctx: Context) -> Iterator[Finding]:
    if ctx.info.phase.value == "4" or not ctx.done("laws-known"):
        return  # a decommissioned product is no longer deployed
    if not _applying(ctx, "HAI241"):
        return
    (obligation,) = _applying(ctx, "HAI241")
    for tree_id in ("ai-act-role", "ai-act-risk"):
        if decided(ctx, tree_id) is None:
            yield ctx.at_item(
                "laws-known",
                Text(
                    "De AI-verordening geldt sinds {d} ({art}), maar '{t}' is niet beantwoord. "
                    "Leg de antwoorden vast onder 'decisions: {t}:' ('hai decide {t}' loopt de "
                    "vragen met je door).",
                    "The AI Act has applied since {d} ({art}), but '{t}' is not answered. "
                    "Record the answers under 'decisions: {t}:' ('hai decide {t}' walks you "
                    "through the questions).",
                ).format(d=_since(obligation), art=obligation.article, t=tree_id),
            )


@rule(
    "HAI242",
    Severity.ERROR,
    "AI-geletterdheid niet geregeld",
    "AI literacy not provided for",
    needs=(TasksStep,),
)
def ai_literacy(ctx: Context) -> Iterator[Finding]:
    if ctx.info.phase.value == "4" or not ctx.done("training-plan"):
        return  # a decommissioned product is no longer deployed
    for obligation in _applying(ctx, "HAI242"):
        plan = ctx.step(TasksStep).training_plan
        if plan is not None and (plan.ai_literacy or "").strip():
            continue
        yield ctx.at_item(
            "training-plan",
            Text(
                "Sinds {d} vraagt {art} maatregelen voor de AI-geletterdheid van iedereen die met "
                "het systeem werkt. Beschrijf ze onder 'training_plan.ai_literacy' (wie, welke "
                "scholing, hoe vastgelegd).",
                "Since {d}, {art} asks for AI literacy measures for everyone who works with the "
                "system. Describe them under 'training_plan.ai_literacy' (who, which training, "
                "how recorded).",
            ).format(d=_since(obligation), art=obligation.article),
        )


MIN_LOG_MONTHS = 6  # AI Act art. 26(6): at least six months


@rule(
    "HAI243",
    Severity.ERROR,
    "plichten van de gebruiksverantwoordelijke (AI-verordening art. 26)",
    "deployer duties (AI Act art. 26)",
    needs=(TasksStep, LawsStep),
)
def deployer_duties(ctx: Context) -> Iterator[Finding]:
    if ctx.info.phase.value not in IN_USE:
        return
    applying = _applying(ctx, "HAI243")
    if not applying:
        return
    obligation = applying[0]
    measures = ctx.step(LawsStep).deployer_measures
    since = Text("sinds {d} ({art})", "since {d} ({art})").format(
        d=_since(obligation), art=obligation.article
    )
    if measures is None:
        yield ctx.at(
            6,
            "decisions",
            text=Text(
                "Als gebruiksverantwoordelijke van een hoog-risico-AI-systeem gelden {s} de "
                "plichten van art. 26. Leg ze vast onder 'deployer_measures' "
                "(instructions_for_use, human_oversight, log_retention_months, "
                "provider_informed, serious_incidents, workers_informed).",
                "As the deployer of a high-risk AI system the duties of art. 26 apply {s}. "
                "Record them under 'deployer_measures' (instructions_for_use, human_oversight, "
                "log_retention_months, provider_informed, serious_incidents, workers_informed).",
            ).format(s=since),
        )
        return
    missing = [
        name
        for name in (
            "instructions_for_use",
            "provider_informed",
            "serious_incidents",
            "workers_informed",
        )
        if not (getattr(measures, name) or "").strip()
    ]
    if not measures.human_oversight:
        missing.append("human_oversight")
    if measures.log_retention_months is None:
        missing.append("log_retention_months")
    if missing:
        yield ctx.at(
            6,
            "deployer_measures",
            text=Text(
                "Art. 26 van de AI-verordening geldt {s}; in 'deployer_measures' ontbreekt: {m}.",
                "Art. 26 of the AI Act applies {s}; 'deployer_measures' lacks: {m}.",
            ).format(s=since, m=", ".join(missing)),
        )
    months = measures.log_retention_months
    if months is not None and months < MIN_LOG_MONTHS:
        yield ctx.at(
            6,
            "deployer_measures",
            "log_retention_months",
            value=True,
            text=Text(
                "De logs moeten minstens {n} maanden bewaard blijven (art. 26 lid 6); "
                "vastgelegd: {m}.",
                "Logs must be kept at least {n} months (art. 26(6)); recorded: {m}.",
            ).format(n=MIN_LOG_MONTHS, m=months),
        )
    team = {member.name for member in ctx.step(TasksStep).team}
    for index, name in enumerate(measures.human_oversight):
        if name not in team:
            yield ctx.at(
                6,
                "deployer_measures",
                "human_oversight",
                index,
                value=True,
                text=Text(
                    "'{n}' staat niet in het AI-team van stap 5. Menselijk toezicht ligt bij "
                    "aangewezen, bekwame en geschoolde personen met zeggenschap (art. 26 lid 2): "
                    "noem ze zoals in 'team' en plan hun scholing (stap 7).",
                    "'{n}' is not in the AI team of step 5. Human oversight lies with named, "
                    "competent, trained persons with authority (art. 26(2)): name them as in "
                    "'team' and plan their training (step 7).",
                ).format(n=name),
            )


@rule(
    "HAI244",
    Severity.ERROR,
    "zelfbouw: uitzondering MDR art. 5 lid 5 niet vastgesteld",
    "in-house: exemption of MDR art. 5(5) not established",
    needs=(LawsStep,),
)
def in_house_exemption(ctx: Context) -> Iterator[Finding]:
    if ctx.purchase or not ctx.done("laws-known") or not _applying(ctx, "HAI244"):
        return
    result = decided(ctx, "mdr-in-house")
    if result is None:
        yield ctx.at_item(
            "laws-known",
            Text(
                "Bij zelfbouw hoort de afweging of de uitzondering van MDR art. 5 lid 5 geldt "
                "(MDCG 2023-1). Beantwoord 'decisions: mdr-in-house:' ('hai decide "
                "mdr-in-house').",
                "An in-house build needs the assessment whether the exemption of MDR art. 5(5) "
                "applies (MDCG 2023-1). Answer 'decisions: mdr-in-house:' ('hai decide "
                "mdr-in-house').",
            ),
        )
    elif (
        result.outcome is not None
        and result.outcome.id == "conditions-not-met"
        and ctx.info.phase.value in IN_USE
    ):
        yield ctx.at(
            6,
            "decisions",
            "mdr-in-house",
            text=Text(
                "Niet aan alle voorwaarden van MDR art. 5 lid 5 voldaan, terwijl het dossier in "
                "fase {p} is: {o}",
                "Not every condition of MDR art. 5(5) is met while the dossier is in phase "
                "{p}: {o}",
            ).format(p=ctx.info.phase.value, o=result.outcome.text),
        )


@rule(
    "HAI245",
    Severity.ERROR,
    "CE-klasse past niet bij regel 11",
    "CE class does not fit Rule 11",
    needs=(RisksStep,),
)
def ce_class_fits_rule_11(ctx: Context) -> Iterator[Finding]:
    result = decided(ctx, "mdr-class")
    if result is None or result.outcome is None or result.misfits:
        return
    expected = result.outcome.attrs.get("ce_class")
    recorded = ctx.step(RisksStep).ce_class
    if expected is not None and recorded is not None and recorded.value != expected:
        yield ctx.at(
            4,
            "ce_class",
            value=True,
            text=Text(
                "'ce_class: {r}' past niet bij de beslisboom 'mdr-class' (MDR Bijlage VIII "
                "regel 11), die op klasse {e} uitkomt. Pas de klasse of de antwoorden aan.",
                "'ce_class: {r}' does not fit the decision tree 'mdr-class' (MDR Annex VIII "
                "Rule 11), which reaches class {e}. Change the class or the answers.",
            ).format(r=recorded.value, e=expected),
        )


@rule(
    "HAI246",
    Severity.ERROR,
    "stap 6 niet herzien sinds de wet veranderde",
    "step 6 not reviewed since the law moved",
    needs=(LawsStep,),
)
def law_review_current(ctx: Context) -> Iterator[Finding]:
    if ctx.info.phase.value == "4" or not ctx.done("laws-known"):
        return
    tracking = ctx.step(LawsStep).tracking
    last = tracking.last_review if tracking else None
    current = outcomes(ctx)
    moved = [
        o
        for o in law_of(ctx).obligations.values()
        if o.applies_from is not None
        and o.applies_from <= ctx.today
        and (last is None or o.applies_from > last)
        and o.concerns(current) is not False
    ]
    if moved and last is not None:
        latest = max(moved, key=lambda o: (o.applies_from or ctx.today, o.id))
        yield ctx.at(
            6,
            "tracking",
            "last_review",
            value=True,
            text=Text(
                "De laatste review van stap 6 ({last}) is van vóór {d}, de datum waarop "
                "'{o}' ({art}) ging gelden. Herhaal stap 6 en zet 'tracking.last_review'.",
                "The last review of step 6 ({last}) predates {d}, when '{o}' ({art}) began to "
                "apply. Repeat step 6 and set 'tracking.last_review'.",
            ).format(last=last.isoformat(), d=_since(latest), o=latest.id, art=latest.article),
        )
    planned = tracking.next_review if tracking else None
    if planned is not None and planned < ctx.today:
        yield ctx.at(
            6,
            "tracking",
            "next_review",
            value=True,
            text=Text(
                "De geplande review van stap 6 ({d}) is voorbij. Het stappenplan herhaalt stap 6 "
                "als de wet verandert: herzie de kaders en plan de volgende review.",
                "The planned review of step 6 ({d}) has passed. The step plan repeats step 6 "
                "when the law moves: review the frameworks and plan the next review.",
            ).format(d=planned.isoformat()),
        )


_SUPERSEDED = {Guideline.TRIPOD: "TRIPOD 2015", Guideline.TRIPOD_AI: "TRIPOD-AI"}


@rule(
    "HAI247",
    Severity.WARNING,
    "verouderde richtlijn: TRIPOD+AI vervangt TRIPOD",
    "outdated guideline: TRIPOD+AI supersedes TRIPOD",
    needs=(ImplementationStep,),
)
def tripod_plus_ai(ctx: Context) -> Iterator[Finding]:
    if ctx.info.phase.value == "4" or not _applying(ctx, "HAI247"):
        return  # a decommissioned product's protocol is history
    protocol = ctx.step(ImplementationStep).validation_protocol
    for index, measure in enumerate(protocol.outcome_measures if protocol else []):
        if measure.guideline in _SUPERSEDED:
            yield ctx.at(
                7,
                "validation_protocol",
                "outcome_measures",
                index,
                "guideline",
                value=True,
                text=Text(
                    "{g} is vervangen door TRIPOD+AI (BMJ, april 2024). Gebruik "
                    "'guideline: tripod-plus-ai'.",
                    "{g} is superseded by TRIPOD+AI (BMJ, April 2024). Use "
                    "'guideline: tripod-plus-ai'.",
                ).format(g=_SUPERSEDED[measure.guideline]),
            )


@rule(
    "HAI248",
    Severity.ERROR,
    "grootte van de wijziging past niet bij de beslisboom",
    "size of the change does not fit the decision tree",
    needs=(EvaluationStep,),
)
def change_significance(ctx: Context) -> Iterator[Finding]:
    tree = law_of(ctx).trees["change-significance"]
    role = decided(ctx, "ai-act-role") if ctx.maybe(LawsStep) is not None else None
    for index, change in enumerate(ctx.step(EvaluationStep).changes):
        if change.significance:
            result = walk(tree, change.significance, facts(ctx))
            size = result.outcome.attrs.get("size") if result.outcome else None
            if size is not None and not result.misfits and size != change.size.value:
                yield ctx.at(
                    8,
                    "changes",
                    index,
                    "size",
                    value=True,
                    text=Text(
                        "De wijziging van {d} staat als '{s}', maar de beslisboom "
                        "'change-significance' komt uit op '{o}': {why}",
                        "The change of {d} is recorded as '{s}', but the decision tree "
                        "'change-significance' reaches '{o}': {why}",
                    ).format(
                        d=change.date.isoformat(),
                        s=change.size.value,
                        o=size,
                        why=result.outcome.text if result.outcome else "",
                    ),
                )
        if (
            ctx.purchase
            and change.kind is ChangeKind.RETRAINING
            and change.status is ChangeStatus.IMPLEMENTED
            and role is not None
            and role.outcome is not None
            and role.outcome.id == "deployer"
        ):
            yield ctx.at(
                8,
                "changes",
                index,
                "kind",
                value=True,
                text=Text(
                    "Het ziekenhuis heeft het gekochte systeem lokaal hertraind ({d}): dat is een "
                    "wezenlijke wijziging (AI-verordening art. 3(23)) die het ziekenhuis "
                    "aanbieder maakt (art. 25 lid 1). Beantwoord in stap 6 "
                    "'substantial-modification: yes'.",
                    "The hospital retrained the purchased system locally ({d}): that is a "
                    "substantial modification (AI Act art. 3(23)) that makes the hospital the "
                    "provider (art. 25(1)). Answer 'substantial-modification: yes' in step 6.",
                ).format(d=change.date.isoformat()),
            )
