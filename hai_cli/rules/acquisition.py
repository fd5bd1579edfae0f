"""Fields that belong to the other kind of acquisition: filled in, but read by nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from hai_cli.i18n import Text
from hai_cli.problems import Severity
from hai_cli.rules import Context, Finding, rule

# (file: "dossier" or a step number, key): the acquisition the field is for (fields.yaml says
# "Alleen bij zelfbouw" / "Alleen bij inkoop"; tests/test_rules.py keeps the two in step)
ONLY_FOR: dict[tuple[str | int, str], str] = {
    ("dossier", "shared_outside"): "in-house",
    ("dossier", "supplier"): "purchase",
    (7, "development"): "in-house",
    (7, "acquisition_form"): "purchase",
}
_KIND = {
    "purchase": Text("inkoop", "a purchase"),
    "in-house": Text("zelfbouw", "an in-house build"),
}


def filled(value: Any) -> bool:
    """Whether a value says anything: not empty, false, or a mapping of empty values."""
    if isinstance(value, dict):
        return any(filled(v) for v in value.values())
    if isinstance(value, list):
        return any(filled(v) for v in value)
    if isinstance(value, str):
        return bool(value.strip())
    return value not in (None, False)


@rule(
    "HAI192",
    Severity.WARNING,
    "veld voor de andere soort verwerving is ingevuld",
    "field for the other kind of acquisition is filled in",
)
def other_acquisition(ctx: Context) -> Iterator[Finding]:
    kind = ctx.info.acquisition.value
    for (where, key), wanted in ONLY_FOR.items():
        if wanted == kind:
            continue
        source = ctx.dossier.meta if where == "dossier" else ctx.dossier.steps.get(int(where))
        data = source.parsed.data if source is not None and source.parsed is not None else None
        if not isinstance(data, dict) or not filled(data.get(key)):
            continue
        text = Text(
            "'{key}' geldt alleen bij {wanted}, maar dit dossier is {kind} (acquisition: "
            "{value} in dossier.yaml); hai leest het niet en het komt in geen document. Haal "
            "het weg, of pas 'acquisition' aan als dat niet klopt.",
            "'{key}' applies only to {wanted}, but this dossier is {kind} (acquisition: "
            "{value} in dossier.yaml); hai does not read it and no document shows it. Remove "
            "it, or change 'acquisition' if that is wrong.",
        ).format(key=key, wanted=_KIND[wanted], kind=_KIND[kind], value=kind)
        if where == "dossier":
            yield ctx.at_meta(key, text=text)
        else:
            yield ctx.at(int(where), key, text=text)
