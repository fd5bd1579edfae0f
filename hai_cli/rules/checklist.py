"""Rules about the checklists themselves: reasons, evidence, missing items."""

from __future__ import annotations

from collections.abc import Iterator

from hai_cli.catalogue import catalogue
from hai_cli.i18n import Text
from hai_cli.labels import dossier_word
from hai_cli.load import EvidenceState
from hai_cli.problems import Severity
from hai_cli.rules import Context, Finding, item_label, rule
from hai_cli.vocab import Status


def _active_items(ctx: Context) -> Iterator[tuple[str, int]]:
    """(item id, step) for every catalogue item that applies to this dossier now."""
    for item in catalogue().items:
        if item.applies(ctx.info.acquisition.value, ctx.phase.value):
            yield item.id, item.step


@rule(
    "HAI101",
    Severity.ERROR,
    "n/a zonder reden",
    "n/a without a reason",
)
def na_without_reason(ctx: Context) -> Iterator[Finding]:
    for item_id, _ in _active_items(ctx):
        item = ctx.item(item_id)
        if item is not None and item.status is Status.NA and not (item.reason or "").strip():
            yield ctx.at_item(
                item_id,
                Text(
                    "'{i}' staat op n/a zonder reden. Leg onder 'reason:' uit waarom dit punt "
                    "niet van toepassing is.",
                    "'{i}' is n/a without a reason. Explain under 'reason:' why this item does "
                    "not apply.",
                ).format(i=item_id),
            )


@rule(
    "HAI102",
    Severity.ERROR,
    "afgerond punt zonder bewijs dat in het dossier hoort",
    "done item without the evidence the dossier must hold",
)
def done_without_evidence(ctx: Context) -> Iterator[Finding]:
    for item_id, _ in _active_items(ctx):
        entry = catalogue().item(item_id)
        item = ctx.item(item_id)
        if entry is None or item is None or not entry.evidence_required:
            continue
        if item.status is Status.DONE and not item.evidence:
            yield ctx.at_item(
                item_id,
                Text(
                    "{label} staat op done, maar volgens het stappenplan hoort het stuk in het "
                    "{dossier}. Zet het in evidence/ en noem het onder 'evidence:'.",
                    "{label} is done, but the step plan says the document belongs in the "
                    "{dossier}. Put it in evidence/ and list it under 'evidence:'.",
                ).format(label=item_label(entry), dossier=dossier_word(ctx.purchase)),
            )


@rule(
    "HAI103",
    Severity.ERROR,
    "bewijsbestand bestaat niet",
    "evidence file does not exist",
)
def evidence_missing(ctx: Context) -> Iterator[Finding]:
    for ref in ctx.dossier.evidence:
        if ref.state is EvidenceState.MISSING:
            yield Finding(
                ref.file,
                ref.line,
                Text(
                    "Het bewijsbestand '{p}' bestaat niet in het dossier. Controleer de naam "
                    "(hoofdletters tellen) of zet het bestand in evidence/.",
                    "The evidence file '{p}' does not exist in the dossier. Check the name "
                    "(case matters) or put the file in evidence/.",
                ).format(p=ref.path),
            )
        elif ref.state is EvidenceState.NOT_A_FILE:
            yield Finding(
                ref.file,
                ref.line,
                Text(
                    "'{p}' is {what}, geen gewoon bestand. Verwijs naar de bestanden zelf.",
                    "'{p}' is {what}, not a regular file. Refer to the files themselves.",
                ).format(p=ref.path, what=ref.what or Text("geen bestand", "not a file")),
            )
        elif ref.state is EvidenceState.UNREADABLE:
            yield Finding(
                ref.file,
                ref.line,
                Text(
                    "Het bewijsbestand '{p}' kan niet worden gelezen ({why}). Geef het een "
                    "kortere, gewone naam in evidence/.",
                    "The evidence file '{p}' cannot be read ({why}). Give it a shorter, plain "
                    "name in evidence/.",
                ).format(p=ref.path, why=ref.what or Text("?", "?")),
            )


@rule(
    "HAI104",
    Severity.ERROR,
    "bewijspad buiten het dossier",
    "evidence path outside the dossier",
)
def evidence_outside(ctx: Context) -> Iterator[Finding]:
    for ref in ctx.dossier.evidence:
        if ref.state is EvidenceState.OUTSIDE:
            yield Finding(
                ref.file,
                ref.line,
                Text(
                    "Het bewijspad '{p}' wijst buiten het dossier (absoluut pad, '..' of een "
                    "symbolische link). Kopieer het bestand naar evidence/ en verwijs relatief.",
                    "The evidence path '{p}' points outside the dossier (absolute path, '..' or "
                    "a symbolic link). Copy the file into evidence/ and refer to it relatively.",
                ).format(p=ref.path),
            )


@rule(
    "HAI105",
    Severity.WARNING,
    "checklistpunt ontbreekt",
    "checklist item missing",
)
def item_missing(ctx: Context) -> Iterator[Finding]:
    for item_id, step in _active_items(ctx):
        if not ctx.loaded(step) or ctx.item(item_id) is not None:
            continue
        entry = catalogue().item(item_id)
        assert entry is not None
        yield ctx.at(
            step,
            *entry.path[:-1],
            text=Text(
                "Het checklistpunt '{i}' ontbreekt en telt als open. Voeg het toe onder "
                "'checklist:' met 'status: open'.",
                "The checklist item '{i}' is missing and counts as open. Add it under "
                "'checklist:' with 'status: open'.",
            ).format(i=item_id),
        )
