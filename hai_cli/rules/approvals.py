"""Approvals: still bound to the content they approved, and given by the AI team."""

from __future__ import annotations

from collections.abc import Iterator

from hai_cli.approvals import counted, recorded, staleness
from hai_cli.i18n import Text
from hai_cli.model.common import Approval
from hai_cli.model.steps import TasksStep
from hai_cli.problems import Severity
from hai_cli.rules import Context, Finding, rule


def _approvals(
    ctx: Context, superseded: bool = False
) -> Iterator[tuple[Approval, int | str, Finding]]:
    """(approval, target, where) for the gate approvals in dossier.yaml and each step's: the
    latest per role only, unless ``superseded`` (earlier ones are history)."""
    entries = recorded(ctx.dossier)
    counting = counted(entries)
    for index, entry in enumerate(entries):
        if not (superseded or index in counting):
            continue
        if isinstance(entry.target, int):
            where = ctx.at(entry.target, "approvals", entry.index, text=Text("", ""))
        else:
            where = ctx.at_meta("approvals", entry.index, text=Text("", ""))
        yield entry.approval, entry.target, where


def _what(target: int | str) -> Text:
    if isinstance(target, int):
        return Text("stap {n}", "step {n}").format(n=target)
    return Text("poort {g}", "gate {g}").format(g=target)


@rule(
    "HAI200",
    Severity.WARNING,
    "goedkeuring verouderd: de inhoud is veranderd",
    "approval stale: the content changed",
)
def stale(ctx: Context) -> Iterator[Finding]:
    for approval, target, where in _approvals(ctx):
        state = staleness(ctx.dossier, approval, target)
        if state.changed and not state.tampered:
            yield Finding(
                where.file,
                where.line,
                Text(
                    "De goedkeuring van {what} door {name} ({role}, {date}) geldt niet meer: "
                    "{files} is sindsdien veranderd. Laat opnieuw goedkeuren met 'hai approve'.",
                    "The approval of {what} by {name} ({role}, {date}) no longer holds: {files} "
                    "changed since. Have it approved again with 'hai approve'.",
                ).format(
                    what=_what(target),
                    name=approval.name,
                    role=approval.role.value,
                    date=approval.date.isoformat(),
                    files=", ".join(state.changed),
                ),
            )


@rule(
    "HAI201",
    Severity.WARNING,
    "goedkeurder zit niet in het AI-team",
    "approver not in the AI team",
    needs=(TasksStep,),
)
def approver_in_team(ctx: Context) -> Iterator[Finding]:
    team = {member.name.strip().casefold() for member in ctx.step(TasksStep).team}
    for approval, target, where in _approvals(ctx):
        name = approval.name
        if name.strip().casefold() not in team:
            yield Finding(
                where.file,
                where.line,
                Text(
                    "{name} keurde {what} goed, maar staat niet in het AI-team van stap 5. Voeg "
                    "{name} toe aan 'team' of laat een teamlid goedkeuren.",
                    "{name} approved {what} but is not in the AI team of step 5. Add {name} to "
                    "'team' or have a team member approve.",
                ).format(name=name, what=_what(target)),
            )


@rule(
    "HAI202",
    Severity.ERROR,
    "vingerafdruk van een goedkeuring klopt niet",
    "approval fingerprint does not match",
)
def tampered(ctx: Context) -> Iterator[Finding]:
    for approval, target, where in _approvals(ctx, superseded=True):
        if staleness(ctx.dossier, approval, target).tampered:
            yield Finding(
                where.file,
                where.line,
                Text(
                    "De vingerafdruk van deze goedkeuring past niet bij de vastgelegde 'covers': "
                    "de goedkeuring is met de hand bewerkt. Verwijder hem en keur opnieuw goed "
                    "met 'hai approve'.",
                    "This approval's fingerprint does not match its recorded 'covers': the "
                    "approval was edited by hand. Remove it and approve again with "
                    "'hai approve'.",
                ),
            )
