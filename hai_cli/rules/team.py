"""Step 5: the AI team, management agreements and the training plan."""

from __future__ import annotations

from collections.abc import Iterator

from hai_cli.i18n import Text
from hai_cli.model.steps import AI_EXPERT_ROLES, IT_ROLES, AgreementKind, Category, Role, TasksStep
from hai_cli.problems import Severity
from hai_cli.rules import Context, Finding, rule


@rule(
    "HAI150",
    Severity.ERROR,
    "AI-team onvolledig",
    "AI team incomplete",
    needs=(TasksStep,),
)
def team_composition(ctx: Context) -> Iterator[Finding]:
    if not ctx.done("ai-team"):
        return
    team = ctx.step(TasksStep).team
    roles = {role for member in team for role in member.roles}
    missing: list[Text] = []
    leaders = [m for m in team if m.project_leader]
    if not leaders:
        missing.append(
            Text(
                "een projectleider (project_leader: true)",
                "a project leader (project_leader: true)",
            )
        )
    if not any(m.category is Category.END_USER for m in team):
        missing.append(
            Text("een eindgebruiker (category: end-user)", "an end user (category: end-user)")
        )
    if not roles & AI_EXPERT_ROLES:
        missing.append(Text("een AI-expert (role ai-expert)", "an AI expert (role ai-expert)"))
    if not roles & IT_ROLES:
        missing.append(
            Text("een IT-specialist (role it-specialist)", "an IT specialist (role it-specialist)")
        )
    if missing:
        yield ctx.at(
            5,
            "team",
            text=Text(
                "Het AI-team mist {m}. Vul het team aan of zet 'ai-team' terug op open.",
                "The AI team lacks {m}. Complete the team or set 'ai-team' back to open.",
            ).format(m=Text("; ".join(t.nl for t in missing), "; ".join(t.en for t in missing))),
        )
    if len(leaders) > 1:
        yield ctx.at(
            5,
            "team",
            text=Text(
                "Het AI-team heeft {n} projectleiders ({names}). Wijs er één aan.",
                "The AI team has {n} project leaders ({names}). Appoint one.",
            ).format(n=len(leaders), names=", ".join(m.name for m in leaders)),
        )


@rule(
    "HAI151",
    Severity.WARNING,
    "geen ethisch/juridisch expert in het AI-team",
    "no ethics/legal expert in the AI team",
    needs=(TasksStep,),
)
def ethics_expert(ctx: Context) -> Iterator[Finding]:
    team = ctx.step(TasksStep).team
    if ctx.done("ai-team") and not any(Role.ETHICS_LEGAL_EXPERT in m.roles for m in team):
        yield ctx.at(
            5,
            "team",
            text=Text(
                "Er zit geen ethisch/juridisch expert in het AI-team. Het stappenplan rekent "
                "die tot de kennisexperts; betrek er een of leg vast wie die rol invult.",
                "The AI team has no ethics/legal expert. The step plan counts one among the "
                "knowledge experts; involve one or record who covers that role.",
            ),
        )


@rule(
    "HAI152",
    Severity.ERROR,
    "beheerafspraken afgerond zonder afspraken",
    "management agreements done without agreements",
    needs=(TasksStep,),
)
def agreements(ctx: Context) -> Iterator[Finding]:
    if not ctx.done("management-agreements"):
        return
    recorded = ctx.step(TasksStep).agreements
    if not recorded:
        yield ctx.at_item(
            "management-agreements",
            Text(
                "'management-agreements' staat op done, maar 'agreements' is leeg. Leg de "
                "interne en externe afspraken vast (SLA/SSO, verwerkersovereenkomst, interne "
                "beheerafspraken).",
                "'management-agreements' is done, but 'agreements' is empty. Record the "
                "internal and external agreements (SLA/SSO, processor agreement, internal "
                "management agreements).",
            ),
        )
    elif ctx.purchase and not any(
        a.kind in (AgreementKind.SLA, AgreementKind.SSO) for a in recorded
    ):
        yield ctx.at(
            5,
            "agreements",
            text=Text(
                "Bij inkoop hoort een SLA of SSO met de leverancier over dienstverlening en "
                "onderhoud (updates/upgrades). Voeg die toe onder 'agreements'.",
                "A purchase needs an SLA or SSO with the supplier on service and maintenance "
                "(updates/upgrades). Add it under 'agreements'.",
            ),
        )


@rule(
    "HAI153",
    Severity.ERROR,
    "scholingsplan afgerond maar niet beschreven",
    "training plan done but not described",
    needs=(TasksStep,),
)
def training_plan(ctx: Context) -> Iterator[Finding]:
    plan = ctx.step(TasksStep).training_plan
    if ctx.done("training-plan") and (
        plan is None or not (plan.supplier_training or plan.academy or plan.general_courses)
    ):
        yield ctx.at_item(
            "training-plan",
            Text(
                "'training-plan' staat op done, maar 'training_plan' beschrijft geen scholing. "
                "Noem de scholing van de leverancier, de Academie en/of algemene AI-cursussen.",
                "'training-plan' is done, but 'training_plan' describes no training. Name the "
                "supplier's training, the hospital academy and/or general AI courses.",
            ),
        )
