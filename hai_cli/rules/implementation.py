"""Steps 6 and 7: laws and regulations, and the preparation of implementation."""

from __future__ import annotations

from collections.abc import Iterator

from hai_cli.i18n import Text
from hai_cli.model.steps import (
    Frameworks,
    ImplementationStep,
    LawsStep,
    Priority,
    RequirementCategory,
    SupplierQuestions,
    TestResult,
)
from hai_cli.problems import Severity
from hai_cli.rules import Context, Finding, rule


def _unset(model: object | None, names: list[str]) -> list[str]:
    return [n for n in names if model is None or not getattr(model, n)]


@rule(
    "HAI170",
    Severity.ERROR,
    "wet- en regelgeving niet elk beoordeeld",
    "laws and regulations not each assessed",
    needs=(LawsStep,),
)
def frameworks_assessed(ctx: Context) -> Iterator[Finding]:
    if not ctx.done("laws-known"):
        return
    given = ctx.step(LawsStep).frameworks
    missing = [
        name
        for name in Frameworks.model_fields
        if given is None or getattr(given, name) is None or getattr(given, name).applicable is None
    ]
    if missing:
        yield ctx.at_item(
            "laws-known",
            Text(
                "'laws-known' staat op done, maar van deze kaders is niet vastgelegd of ze van "
                "toepassing zijn: {m}. Zet per kader 'applicable' en een 'conclusion'.",
                "'laws-known' is done, but for these frameworks it is not recorded whether they "
                "apply: {m}. Set 'applicable' and a 'conclusion' for each.",
            ).format(m=", ".join(missing)),
        )


@rule(
    "HAI171",
    Severity.ERROR,
    "ontwikkelingen gevolgd zonder verantwoordelijke of datum",
    "developments tracked without a person or date",
    needs=(LawsStep,),
)
def tracking(ctx: Context) -> Iterator[Finding]:
    if not ctx.done("developments-tracked"):
        return
    missing = _unset(ctx.step(LawsStep).tracking, ["responsible", "last_review"])
    if missing:
        yield ctx.at_item(
            "developments-tracked",
            Text(
                "'developments-tracked' staat op done, maar tracking.{m} ontbreekt. Leg vast "
                "wie nieuwe wet- en regelgeving volgt en wanneer die het laatst is nagelopen.",
                "'developments-tracked' is done, but tracking.{m} is missing. Record who tracks "
                "new laws and regulations and when they were last reviewed.",
            ).format(m=", tracking.".join(missing)),
        )


@rule(
    "HAI175",
    Severity.ERROR,
    "eigenschappen begrepen zonder antwoorden",
    "properties understood without answers",
    needs=(ImplementationStep,),
)
def properties(ctx: Context) -> Iterator[Finding]:
    if not ctx.done("properties-understood"):
        return
    step = ctx.step(ImplementationStep)
    if ctx.purchase:
        missing = _unset(step.supplier_questions, list(SupplierQuestions.model_fields))
        if missing:
            yield ctx.at_item(
                "properties-understood",
                Text(
                    "Niet alle tien vragen aan de leverancier zijn beantwoord: {m}. Vul ze in "
                    "onder 'supplier_questions'.",
                    "Not all ten questions to the supplier are answered: {m}. Fill them in "
                    "under 'supplier_questions'.",
                ).format(m=", ".join(missing)),
            )
        return
    missing = _unset(step.development, ["data_split", "performance"])
    if missing:
        yield ctx.at_item(
            "properties-understood",
            Text(
                "Bij zelfbouw hoort de modelontwikkeling beschreven te zijn: development.{m} "
                "ontbreekt.",
                "For an in-house build the model development must be described: "
                "development.{m} is missing.",
            ).format(m=", development.".join(missing)),
        )


@rule(
    "HAI176",
    Severity.ERROR,
    "documenten afgerond maar niet in het dossier",
    "documents done but not in the dossier",
    needs=(ImplementationStep,),
)
def documents(ctx: Context) -> Iterator[Finding]:
    if not ctx.done("documents-in-dossier"):
        return
    step = ctx.step(ImplementationStep)
    missing = [
        name
        for name, present in (
            ("requirements", bool(step.requirements)),
            ("design", step.design is not None),
            ("implementation_plan", step.implementation_plan is not None),
            ("validation_protocol", step.validation_protocol is not None),
        )
        if not present
    ]
    if missing:
        yield ctx.at_item(
            "documents-in-dossier",
            Text(
                "'documents-in-dossier' staat op done, maar {m} ontbreekt. Het PvE, ontwerp, "
                "implementatieplan en validatieprotocol komen uit deze velden.",
                "'documents-in-dossier' is done, but {m} is missing. The PvE, design, "
                "implementation plan and validation protocol come from these fields.",
            ).format(m=", ".join(missing)),
        )


@rule(
    "HAI177",
    Severity.WARNING,
    "uitkomstmaat in het validatieprotocol onvolledig",
    "outcome measure in the validation protocol incomplete",
    needs=(ImplementationStep,),
)
def protocol_measures(ctx: Context) -> Iterator[Finding]:
    protocol = ctx.step(ImplementationStep).validation_protocol
    if protocol is None:
        return
    needed = ["goal", "calculation", "frequency", "collected_by", "assessed_by", "data_source"]
    for index, measure in enumerate(protocol.outcome_measures):
        missing = _unset(measure, needed)
        if missing:
            yield ctx.at(
                7,
                "validation_protocol",
                "outcome_measures",
                index,
                text=Text(
                    "Uitkomstmaat '{n}' mist {m}. Het validatieprotocol legt per uitkomstmaat "
                    "doel, berekening, frequentie, wie verzamelt, wie beoordeelt en de bron vast.",
                    "Outcome measure '{n}' lacks {m}. The validation protocol records for each "
                    "measure its goal, calculation, frequency, who collects, who assesses and "
                    "the data source.",
                ).format(n=measure.name, m=", ".join(missing)),
            )


@rule(
    "HAI178",
    Severity.ERROR,
    "acceptatietest afgerond zonder geslaagd resultaat",
    "acceptance test done without a passed result",
    needs=(ImplementationStep,),
)
def acceptance(ctx: Context) -> Iterator[Finding]:
    if not ctx.done("acceptance-test"):
        return
    protocol = ctx.step(ImplementationStep).validation_protocol
    test = protocol.acceptance_test if protocol else None
    latest = test.latest_run() if test else None
    if latest is not None and latest.result is not TestResult.PASSED:
        yield ctx.at_item(
            "acceptance-test",
            Text(
                "'acceptance-test' staat op done, maar de laatste uitvoering ({r}, {d}) is niet "
                "geslaagd. Leg de hertest vast onder acceptance_test.runs, of zet het punt "
                "terug op open.",
                "'acceptance-test' is done, but the latest run ({r}, {d}) did not pass. Record "
                "the retest under acceptance_test.runs, or set the item back to open.",
            ).format(r=latest.id, d=latest.date.isoformat()),
        )
    elif latest is None and (test is None or test.result is not TestResult.PASSED):
        yield ctx.at_item(
            "acceptance-test",
            Text(
                "'acceptance-test' staat op done, maar validation_protocol.acceptance_test."
                "result is niet 'passed'. Leg het resultaat van de test vast.",
                "'acceptance-test' is done, but validation_protocol.acceptance_test.result is "
                "not 'passed'. Record the result of the test.",
            ),
        )


# what a user acceptance test checks (the step plan: layout, input and actions against the
# functional requirements, with all interfaces); contract, documentation and service demands
# are verified elsewhere (certificates, the contract, the tender)
_TESTED_IN_ACCEPTANCE = (RequirementCategory.FUNCTIONAL, RequirementCategory.TECHNICAL)


@rule(
    "HAI210",
    Severity.ERROR,
    "must-eis zonder testgeval in de acceptatietest",
    "must requirement without a test case in the acceptance test",
    needs=(ImplementationStep,),
)
def untested_requirements(ctx: Context) -> Iterator[Finding]:
    if not ctx.done("acceptance-test"):
        return
    step = ctx.step(ImplementationStep)
    protocol = step.validation_protocol
    runs = protocol.acceptance_test.runs if protocol and protocol.acceptance_test else []
    tested = {r for run in runs for case in run.cases for r in case.requirements}
    for index, requirement in enumerate(step.requirements):
        testable = requirement.category in _TESTED_IN_ACCEPTANCE
        if testable and requirement.priority is Priority.MUST and requirement.id not in tested:
            yield ctx.at(
                7,
                "requirements",
                index,
                "id",
                text=Text(
                    "Eis {i} is een functionele of technische must, maar geen testgeval van de "
                    "acceptatietest toetst haar, "
                    "terwijl 'acceptance-test' op done staat. Noem {i} bij 'requirements' van "
                    "een testgeval onder validation_protocol.acceptance_test.runs.",
                    "Requirement {i} is a functional or technical must, but no case of the "
                    "acceptance test tests it, "
                    "while 'acceptance-test' is done. Name {i} under 'requirements' of a test "
                    "case in validation_protocol.acceptance_test.runs.",
                ).format(i=requirement.id),
                value=True,
            )


@rule(
    "HAI211",
    Severity.ERROR,
    "testgeval noemt een eis die niet in het PvE staat",
    "test case names a requirement the PvE does not have",
    needs=(ImplementationStep,),
)
def unknown_requirements(ctx: Context) -> Iterator[Finding]:
    step = ctx.step(ImplementationStep)
    protocol = step.validation_protocol
    if protocol is None or protocol.acceptance_test is None:
        return
    known = {r.id for r in step.requirements}
    for r, run in enumerate(protocol.acceptance_test.runs):
        for c, case in enumerate(run.cases):
            for k, requirement in enumerate(case.requirements):
                if requirement in known:
                    continue
                yield ctx.at(
                    7,
                    "validation_protocol",
                    "acceptance_test",
                    "runs",
                    r,
                    "cases",
                    c,
                    "requirements",
                    k,
                    text=_unknown_requirement(case.id, run.id, requirement, known),
                    value=True,
                )


def _unknown_requirement(case: str, run: str, value: str, known: set[str]) -> Text:
    from difflib import get_close_matches

    match = get_close_matches(value, sorted(known), n=1)
    if match:
        return Text(
            "Testgeval {c} van {run} noemt eis '{q}', maar het PvE (requirements) heeft geen "
            "eis met die id. Bedoelde je '{m}'?",
            "Test case {c} of {run} names requirement '{q}', but the PvE (requirements) has no "
            "requirement with that id. Did you mean '{m}'?",
        ).format(c=case, run=run, q=value, m=match[0])
    return Text(
        "Testgeval {c} van {run} noemt eis '{q}', maar het PvE (requirements) heeft geen eis "
        "met die id. Corrigeer de id of voeg de eis toe aan requirements.",
        "Test case {c} of {run} names requirement '{q}', but the PvE (requirements) has no "
        "requirement with that id. Correct the id or add the requirement to requirements.",
    ).format(c=case, run=run, q=value)


@rule(
    "HAI179",
    Severity.ERROR,
    "vrijgave afgerond zonder wie en wanneer",
    "release done without who and when",
    needs=(ImplementationStep,),
)
def releases(ctx: Context) -> Iterator[Finding]:
    given = ctx.step(ImplementationStep).releases
    for item_id, name in (("technical-release", "technical"), ("functional-release", "functional")):
        if not ctx.done(item_id):
            continue
        release = getattr(given, name) if given else None
        missing = _unset(release, ["by", "date"])
        if missing:
            yield ctx.at_item(
                item_id,
                Text(
                    "'{i}' staat op done, maar releases.{n}.{m} ontbreekt. Leg vast wie de "
                    "vrijgave gaf en wanneer.",
                    "'{i}' is done, but releases.{n}.{m} is missing. Record who gave the "
                    "release and when.",
                ).format(i=item_id, n=name, m="/".join(missing)),
            )
