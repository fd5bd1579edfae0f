"""Steps 1 to 3 and the product's identity: medical context, innovation level, added value."""

from __future__ import annotations

from collections.abc import Iterator

from hai_cli.i18n import Text
from hai_cli.model.steps import (
    SUB_TASK_MAIN,
    AddedValueStep,
    InnovationStep,
    MainTask,
    MedicalContext,
    OutcomeKind,
)
from hai_cli.problems import Severity
from hai_cli.rules import Context, Finding, rule
from hai_cli.vocab import Phase


def _missing(names: list[str]) -> Text:
    """``a``, ``a en b``, ``a, b en c`` (and: ``a, b and c``)."""
    if len(names) < 2:
        return Text(", ".join(names), ", ".join(names))
    head = ", ".join(names[:-1])
    return Text(f"{head} en {names[-1]}", f"{head} and {names[-1]}")


@rule(
    "HAI110",
    Severity.ERROR,
    "zelfbouw zonder onderbouwing dat de markt niet volstaat",
    "in-house build without showing that no market product suffices",
    needs=(InnovationStep,),
)
def in_house_market(ctx: Context) -> Iterator[Finding]:
    if ctx.purchase:
        return
    if not (ctx.done("market-research") or ctx.done("suppliers-or-in-house")):
        return
    research = ctx.step(InnovationStep).market_research
    if research is None or not (research.why_no_market_product or "").strip():
        yield ctx.at(
            2,
            "market_research",
            text=Text(
                "Bij zelfbouw moet de marktverkenning laten zien waarom geen product op de "
                "markt volstaat (MDR art. 5 lid 5). Vul 'market_research.why_no_market_product' "
                "in.",
                "For an in-house build the market research must show why no product on the "
                "market suffices (MDR art. 5(5)). Fill in "
                "'market_research.why_no_market_product'.",
            ),
        )


@rule(
    "HAI111",
    Severity.WARNING,
    "zelfbouw gedeeld buiten de eigen organisatie: het ziekenhuis is fabrikant",
    "in-house build shared outside the organisation: the hospital is the manufacturer",
)
def shared_outside(ctx: Context) -> Iterator[Finding]:
    if not ctx.purchase and ctx.info.shared_outside:
        yield ctx.at_meta(
            "shared_outside",
            text=Text(
                "De software wordt buiten de eigen organisatie gebruikt: het ziekenhuis is dan "
                "fabrikant en de MDR geldt volledig (CE-markering, conformiteitsbeoordeling, "
                "post-market surveillance). Leg dit vast in stap 6.",
                "The software is used outside the own organisation: the hospital is then the "
                "manufacturer and the MDR applies in full (CE marking, conformity assessment, "
                "post-market surveillance). Record this in step 6.",
            ),
        )


@rule(
    "HAI112",
    Severity.ERROR,
    "startfase past niet bij inkoop of zelfbouw",
    "starting phase does not match purchase or in-house",
    needs=(InnovationStep,),
)
def starting_phase(ctx: Context) -> Iterator[Finding]:
    phase = ctx.step(InnovationStep).starting_phase
    if phase is None:
        return
    expected = Phase.ACQUISITION if ctx.purchase else Phase.DEVELOPMENT
    if phase.value != expected.value:
        yield ctx.at(
            2,
            "starting_phase",
            value=True,
            text=Text(
                "Bij {acq} start de innovatiefunnel in fase {exp}, niet {got}. Zet "
                "'starting_phase: \"{exp}\"' of pas 'acquisition' in dossier.yaml aan.",
                "For {acq_en} the innovation funnel starts in phase {exp}, not {got}. Set "
                "'starting_phase: \"{exp}\"' or change 'acquisition' in dossier.yaml.",
            ).format(
                acq="inkoop" if ctx.purchase else "zelfbouw",
                acq_en="a purchase" if ctx.purchase else "an in-house build",
                exp=expected,
                got=phase.value,
            ),
        )


@rule(
    "HAI113",
    Severity.WARNING,
    "subtaak hoort niet bij de hoofdtaak",
    "sub-task does not belong to the main task",
    needs=(MedicalContext,),
)
def sub_task_fits(ctx: Context) -> Iterator[Finding]:
    step = ctx.step(MedicalContext)
    if step.main_task is None or step.sub_task is None:
        return
    belongs = SUB_TASK_MAIN[step.sub_task]
    if belongs is not step.main_task:
        yield ctx.at(
            1,
            "sub_task",
            value=True,
            text=Text(
                "De subtaak '{sub}' hoort bij de hoofdtaak '{belongs}', niet bij '{main}'. "
                "Kies de hoofdtaak die bij het doel past.",
                "The sub-task '{sub}' belongs to the main task '{belongs}', not '{main}'. "
                "Choose the main task that fits the goal.",
            ).format(sub=step.sub_task.value, belongs=belongs.value, main=step.main_task.value),
        )


@rule(
    "HAI114",
    Severity.ERROR,
    "doel en hoofdtaak afgerond maar niet ingevuld",
    "goal and main task done but not filled in",
    needs=(MedicalContext,),
)
def goal_and_task(ctx: Context) -> Iterator[Finding]:
    if not ctx.done("goal-and-main-task"):
        return
    step = ctx.step(MedicalContext)
    missing = [
        name
        for name, value in (
            ("clinical_problem", step.clinical_problem),
            ("goal", step.goal),
            ("main_task", step.main_task),
            ("sub_task", step.sub_task),
        )
        if not value
    ]
    if missing:
        yield ctx.at_item(
            "goal-and-main-task",
            (
                Text(
                    "'goal-and-main-task' staat op done, maar {m} is niet ingevuld. Vul het in "
                    "of zet het punt terug op open.",
                    "'goal-and-main-task' is done, but {m} is not filled in. Fill it in or set "
                    "the item back to open.",
                )
                if len(missing) == 1
                else Text(
                    "'goal-and-main-task' staat op done, maar {m} zijn niet ingevuld. Vul ze in "
                    "of zet het punt terug op open.",
                    "'goal-and-main-task' is done, but {m} are not filled in. Fill them in or "
                    "set the item back to open.",
                )
            ).format(m=_missing(missing)),
        )


@rule(
    "HAI115",
    Severity.ERROR,
    "zorgproces afgerond zonder de vijf overwegingen",
    "care process done without the five considerations",
    needs=(MedicalContext,),
)
def considerations(ctx: Context) -> Iterator[Finding]:
    if not ctx.done("care-process"):
        return
    step = ctx.step(MedicalContext)
    names = [
        "large_data",
        "human_analysis_infeasible",
        "data_available",
        "accuracy_testable",
        "actionable_outcomes",
    ]
    given = step.considerations
    missing = [
        n
        for n in names
        if given is None or getattr(given, n) is None or getattr(given, n).answer is None
    ]
    if not (step.current_process or "").strip():
        missing.insert(0, "current_process")
    if missing:
        yield ctx.at_item(
            "care-process",
            Text(
                "'care-process' staat op done, maar niet alles is beantwoord: {m}. Beantwoord "
                "elke overweging van 'Klinisch probleem' (yes/partly/no) met een toelichting.",
                "'care-process' is done, but not everything is answered: {m}. Answer each "
                "consideration of the clinical problem (yes/partly/no) with an explanation.",
            ).format(m=", ".join(missing)),
        )


@rule(
    "HAI116",
    Severity.ERROR,
    "bewijs beoordeeld zonder bewijsniveau",
    "evidence assessed without a level of evidence",
    needs=(AddedValueStep,),
)
def evidence_level(ctx: Context) -> Iterator[Finding]:
    if ctx.done("evidence-assessed") and ctx.step(AddedValueStep).evidence_level is None:
        yield ctx.at_item(
            "evidence-assessed",
            Text(
                "'evidence-assessed' staat op done zonder 'evidence_level'. Geef het niveau "
                "(1-6) op het hiërarchisch effectiviteitsmodel en noem de studies.",
                "'evidence-assessed' is done without 'evidence_level'. Give the level (1-6) on "
                "the hierarchical effectiveness model and list the studies.",
            ),
        )


@rule(
    "HAI117",
    Severity.ERROR,
    "uitkomstmaten afgerond maar geen uitkomstmaat genoemd",
    "outcome measures done but none listed",
    needs=(AddedValueStep,),
)
def outcome_measures(ctx: Context) -> Iterator[Finding]:
    if ctx.done("outcome-measures-relevant") and not ctx.step(AddedValueStep).outcome_measures:
        yield ctx.at_item(
            "outcome-measures-relevant",
            Text(
                "'outcome-measures-relevant' staat op done, maar 'outcome_measures' is leeg. "
                "Noem de proces- en/of gezondheidsuitkomsten.",
                "'outcome-measures-relevant' is done, but 'outcome_measures' is empty. List the "
                "process and/or health outcomes.",
            ),
        )


@rule(
    "HAI118",
    Severity.WARNING,
    "hoofdtaak gezondheid zonder gezondheidsuitkomst",
    "main task health without a health outcome",
    needs=(MedicalContext, AddedValueStep),
)
def health_outcome(ctx: Context) -> Iterator[Finding]:
    measures = ctx.step(AddedValueStep).outcome_measures
    health = any(m.kind is OutcomeKind.HEALTH for m in measures)
    if ctx.step(MedicalContext).main_task is MainTask.HEALTH and measures and not health:
        yield ctx.at(
            3,
            "outcome_measures",
            text=Text(
                "De hoofdtaak is verbeterde gezondheid, maar geen uitkomstmaat is van het "
                "soort 'health'. Bij deze hoofdtaak kijk je ook naar gezondheidsuitkomsten.",
                "The main task is improved health, but no outcome measure is of kind "
                "'health'. For this main task, look at health outcomes too.",
            ),
        )
