"""Step 4 (risks and impact) and the privacy agreements that follow from it."""

from __future__ import annotations

from collections.abc import Iterator

from hai_cli.i18n import Text
from hai_cli.model.common import Level
from hai_cli.model.steps import (
    PRI_RANK,
    AgreementKind,
    AssessmentStatus,
    CeClass,
    Interaction,
    PriType,
    RisksStep,
    TasksStep,
)
from hai_cli.problems import Severity
from hai_cli.rules import Context, Finding, rule


@rule(
    "HAI120",
    Severity.ERROR,
    "inkoop: CE-klasse en beoogd gebruik van de leverancier",
    "purchase: CE class and the supplier's intended use",
    needs=(RisksStep,),
)
def purchase_intended_use(ctx: Context) -> Iterator[Finding]:
    if not ctx.purchase:
        return
    supplier = ctx.info.supplier
    if supplier is not None and supplier.use_within_intended_use is False:
        yield ctx.at_meta(
            "supplier",
            "use_within_intended_use",
            text=Text(
                "Het gewenste gebruik valt buiten het beoogd gebruik (intended use) van de "
                "fabrikant. Zo mag het product niet worden ingezet: beperk het gebruik of "
                "kies een ander product.",
                "The desired use falls outside the manufacturer's intended use. The product may "
                "not be used like this: narrow the use or choose another product.",
            ),
        )
    if not ctx.done("risk-analysis"):
        return
    if ctx.step(RisksStep).ce_class is None:
        yield ctx.at_item(
            "risk-analysis",
            Text(
                "Bij inkoop hoort de CE-klasse (I, IIa, IIb, III) bij de risicoanalyse. Vul "
                "'ce_class' in.",
                "For a purchase the CE class (I, IIa, IIb, III) belongs to the risk analysis. "
                "Fill in 'ce_class'.",
            ),
        )
    if supplier is None or not (supplier.intended_use or "").strip():
        yield ctx.at_meta(
            *(("supplier",) if supplier is not None else ("acquisition",)),
            text=Text(
                "Leg het beoogd gebruik (intended use) van de leverancier vast onder "
                "'supplier.intended_use', zoals het op het etiket of in de gebruiksaanwijzing "
                "staat.",
                "Record the supplier's intended use under 'supplier.intended_use', as stated on "
                "the label or in the instructions for use.",
            ),
        )
    elif supplier.use_within_intended_use is None:
        yield ctx.at_meta(
            "supplier",
            text=Text(
                "Geef aan of het gewenste gebruik binnen het beoogd gebruik valt: "
                "'supplier.use_within_intended_use: true'.",
                "State whether the desired use falls within the intended use: "
                "'supplier.use_within_intended_use: true'.",
            ),
        )


def required_pri(ctx: Context) -> PriType | None:
    step = ctx.step(RisksStep)
    if (
        step.risk_indication is Level.HIGH
        or step.ce_class in (CeClass.IIB, CeClass.III)
        or step.large_care_process_change
    ):
        return PriType.EXTENDED
    if step.risk_indication is Level.MEDIUM:
        return PriType.SCREENING
    return None


@rule(
    "HAI130",
    Severity.ERROR,
    "PRI past niet bij het risico",
    "PRI does not fit the risk",
    needs=(RisksStep,),
)
def pri_fits_risk(ctx: Context) -> Iterator[Finding]:
    step = ctx.step(RisksStep)
    needed = required_pri(ctx)
    done = step.pri.type if step.pri else None
    if done is None:
        if ctx.done("risk-analysis"):
            yield ctx.at_item(
                "risk-analysis",
                Text(
                    "'risk-analysis' staat op done, maar 'pri.type' is niet ingevuld. Kies "
                    "none-or-limited, screening of extended-hfmea.",
                    "'risk-analysis' is done, but 'pri.type' is not filled in. Choose "
                    "none-or-limited, screening or extended-hfmea.",
                ),
            )
        return
    if needed is not None and PRI_RANK[done] < PRI_RANK[needed]:
        why = Text(
            "risico-indicatie {r}, CE-klasse {c}, grote verandering in het zorgproces: {g}",
            "risk indication {r}, CE class {c}, large change to the care process: {g}",
        ).format(
            r=step.risk_indication.value if step.risk_indication else "-",
            c=step.ce_class.value if step.ce_class else "-",
            g=Text("ja", "yes") if step.large_care_process_change else Text("nee", "no"),
        )
        yield ctx.at(
            4,
            "pri",
            "type",
            value=True,
            text=Text(
                "Een PRI van het type '{done}' is te licht ({why}). Voer minstens een "
                "'{needed}' uit.",
                "A PRI of type '{done}' is too light ({why}). Carry out at least a '{needed}'.",
            ).format(done=done.value, needed=needed.value, why=why),
        )


@rule(
    "HAI131",
    Severity.ERROR,
    "risicoanalyse zonder risico-indicatie of cybersecurity",
    "risk analysis without risk indication or cybersecurity",
    needs=(RisksStep,),
)
def risk_analysis_complete(ctx: Context) -> Iterator[Finding]:
    if not ctx.done("risk-analysis"):
        return
    step = ctx.step(RisksStep)
    if step.risk_indication is None:
        yield ctx.at_item(
            "risk-analysis",
            Text(
                "'risk-analysis' staat op done zonder 'risk_indication' (low, medium, high).",
                "'risk-analysis' is done without 'risk_indication' (low, medium, high).",
            ),
        )
    if not step.cybersecurity:
        yield ctx.at_item(
            "risk-analysis",
            Text(
                "De risicoanalyse hoort ook cybersecurityrisico's te beoordelen (data "
                "poisoning, model stealing, adversarial attacks, kwetsbare componenten). Vul "
                "'cybersecurity' in.",
                "The risk analysis must also assess cybersecurity risks (data poisoning, model "
                "stealing, adversarial attacks, vulnerable components). Fill in "
                "'cybersecurity'.",
            ),
        )


@rule(
    "HAI140",
    Severity.ERROR,
    "persoonsgegevens bij een derde zonder verwerkersovereenkomst",
    "personal data at a third party without a processor agreement",
    needs=(RisksStep, TasksStep),
)
def processor_agreement(ctx: Context) -> Iterator[Finding]:
    data = ctx.step(RisksStep).personal_data
    if data is None or not (data.third_party or "").strip():
        return
    if not ctx.done("management-agreements"):
        return
    if not any(a.kind is AgreementKind.PROCESSOR_AGREEMENT for a in ctx.step(TasksStep).agreements):
        yield ctx.at_item(
            "management-agreements",
            Text(
                "{party} verwerkt persoonsgegevens namens het ziekenhuis (stap 4), maar er is "
                "geen verwerkersovereenkomst vastgelegd. Voeg onder 'agreements' een "
                "'kind: processor-agreement' toe; die is wettelijk verplicht (AVG art. 28).",
                "{party} processes personal data on the hospital's behalf (step 4), but no "
                "processor agreement is recorded. Add one under 'agreements' with "
                "'kind: processor-agreement'; it is required by law (GDPR art. 28).",
            ).format(party=data.third_party),
        )


@rule(
    "HAI141",
    Severity.ERROR,
    "geen DPIA vastgelegd",
    "no DPIA recorded",
    needs=(RisksStep,),
)
def dpia_recorded(ctx: Context) -> Iterator[Finding]:
    if not ctx.done("risk-analysis"):
        return
    dpia = ctx.step(RisksStep).dpia
    status = dpia.status if dpia else None
    if status is AssessmentStatus.DONE:
        return
    path = (
        ("dpia", "status")
        if dpia is not None and status is not None
        else ("checklist", "risk-analysis")
    )
    yield ctx.at(
        4,
        *path,
        text=Text(
            "Er is geen uitgevoerde DPIA vastgelegd (dpia.status: {s}). Voor AI op "
            "gezondheidsgegevens is een DPIA altijd nodig; leg datum, uitkomst en het "
            "document vast.",
            "No completed DPIA is recorded (dpia.status: {s}). For AI on health data a DPIA "
            "is always needed; record its date, outcome and the document.",
        ).format(s=status.value if status else "-"),
    )


@rule(
    "HAI142",
    Severity.ERROR,
    "impact afgerond zonder effecten of mens-machine-interactie",
    "impact done without effects or human-machine interaction",
    needs=(RisksStep,),
)
def impact_complete(ctx: Context) -> Iterator[Finding]:
    if not ctx.done("impact"):
        return
    step = ctx.step(RisksStep)
    missing = []
    if step.interaction_level is None:
        missing.append("interaction_level")
    effects = step.expected_effects
    if effects is None or not (effects.direct or effects.indirect):
        missing.append("expected_effects")
    if missing:
        yield ctx.at_item(
            "impact",
            Text(
                "'impact' staat op done, maar {m} ontbreekt. Beschrijf de verwachte directe en "
                "indirecte effecten en het niveau van mens-machine-interactie.",
                "'impact' is done, but {m} is missing. Describe the expected direct and "
                "indirect effects and the level of human-machine interaction.",
            ).format(m=", ".join(missing)),
        )


@rule(
    "HAI143",
    Severity.ERROR,
    "lokale uitkomstdata afgerond zonder beschrijving",
    "local outcome data done without a description",
    needs=(RisksStep,),
)
def outcome_registration(ctx: Context) -> Iterator[Finding]:
    registration = ctx.step(RisksStep).outcome_registration
    if ctx.done("local-outcome-data") and not (registration or "").strip():
        yield ctx.at_item(
            "local-outcome-data",
            Text(
                "'local-outcome-data' staat op done, maar 'outcome_registration' is leeg. "
                "Beschrijf welke uitkomstdata waar worden vastgelegd (bij voorkeur in het EPD).",
                "'local-outcome-data' is done, but 'outcome_registration' is empty. Describe "
                "which outcome data are recorded where (preferably in the patient record).",
            ),
        )


@rule(
    "HAI160",
    Severity.WARNING,
    "autonome besluitvorming",
    "autonomous decision-making",
    needs=(RisksStep,),
)
def autonomous(ctx: Context) -> Iterator[Finding]:
    if ctx.step(RisksStep).interaction_level is Interaction.AUTONOMOUS:
        yield ctx.at(
            4,
            "interaction_level",
            value=True,
            text=Text(
                "De software beslist autonoom. De AVG verbiedt in principe besluiten die "
                "uitsluitend geautomatiseerd zijn, zonder menselijke tussenkomst. Beschrijf "
                "waar een zorgverlener meekijkt, of onderbouw de uitzondering.",
                "The software decides autonomously. The GDPR in principle forbids decisions "
                "based solely on automated processing, without human intervention. Describe "
                "where a clinician is involved, or justify the exception.",
            ),
        )
