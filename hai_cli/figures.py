"""Evaluation figures as numbers: what counts as a figure hai can compare with a limit.

One reading for the command line (``hai evaluate --figure sensitivity=0,78``) and one judgement
for the YAML (``hai check``): a figure for a measure with a numeric ``limit`` must be a finite
number, ``0,78`` and ``0.78`` are the same number, ``91%`` means 0.91 only for a measure marked
``proportion: true``, and a proportion lies between 0 and 1. Anything else cannot be compared,
and a figure that cannot be compared is never taken as "within the limit".
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from hai_cli.i18n import Text

_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+)(?:[eE][+-]?\d+)?$")


def read_number(text: str, proportion: bool) -> float | int | None:
    """The number in ``text`` as a user types it (``0.78``, ``0,78``, ``12``, and ``91%`` for a
    proportion), or None when it is not one."""
    raw = text.strip()
    percent = raw.endswith("%")
    if percent:
        raw = raw[:-1].rstrip()
        if not proportion:
            return None
    if not _NUMBER.match(raw):
        return None
    try:
        number = Decimal(raw.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern admits only decimals
        return None
    if percent:
        return float(number / 100)
    if number == number.to_integral_value() and not re.search(r"[.,eE]", raw):
        return int(number)
    return float(number)


def limit_text(limit: Any) -> str:
    """A limit as the user writes it in YAML: ``{min: 0.8}``."""
    parts = [f"{key}: {_plain(getattr(limit, key))}" for key in ("min", "max")]
    return "{" + ", ".join(p for p in parts if not p.endswith("None")) + "}"


def _plain(value: float | None) -> str:
    if value is None:
        return "None"
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def not_finite(value: Any, measure: str) -> Text | None:
    """Why ``value`` is no measured figure at all (``.nan``, ``.inf``), whatever the measure's
    limit; None when it is something else."""
    if not isinstance(value, float) or math.isfinite(value):
        return None
    return Text(
        "Het cijfer van '{m}' is {v}, en dat is geen gemeten getal. Geef het gemeten cijfer, "
        "of laat 'value' weg en schrijf 'breached: true|false' met een toelichting.",
        "The figure of '{m}' is {v}, which is no measured number. Give the measured figure, "
        "or leave out 'value' and write 'breached: true|false' with a note.",
    ).format(m=measure, v=_shown(value))


def problem(value: Any, measure: str, limit: Any, proportion: bool) -> Text | None:
    """Why ``value`` (as parsed from YAML, or typed on the command line) cannot be compared with
    ``limit``; None when it can. ``limit`` None: any value will do."""
    if limit is None:
        return None
    shown = _shown(value)
    where = Text(
        "De uitkomstmaat '{m}' heeft de grenswaarde {limit}",
        "The measure '{m}' has the limit {limit}",
    ).format(m=measure, limit=limit_text(limit))
    if isinstance(value, bool) or value is None:
        return Text(
            "{w}, dus het cijfer moet een getal zijn, zoals 0.78; niet {v}.",
            "{w}, so the figure must be a number, such as 0.78; not {v}.",
        ).format(w=where, v=shown)
    if isinstance(value, int | float):
        if not math.isfinite(value):
            return Text(
                "{w}; {v} is geen getal waarmee hai kan vergelijken. Geef het gemeten cijfer.",
                "{w}; {v} is not a number hai can compare. Give the measured figure.",
            ).format(w=where, v=shown)
        if proportion and not 0 <= value <= 1:
            return Text(
                "{w} en is een fractie (proportion: true): het cijfer ligt tussen 0 en 1. "
                "Bedoel je {p}? Schrijf dan {p}.",
                "{w} and is a fraction (proportion: true): the figure lies between 0 and 1. "
                "Do you mean {p}? Then write {p}.",
            ).format(w=where, p=_plain(value / 100))
        return None
    text = str(value)
    number = read_number(text, proportion)
    if number is not None:
        return Text(
            "{w}; schrijf het cijfer als getal, met een punt en zonder aanhalingstekens: {n} "
            "(niet {v}).",
            "{w}; write the figure as a number, with a decimal point and without quotes: {n} "
            "(not {v}).",
        ).format(w=where, n=_plain(number), v=shown)
    if text.strip().endswith("%") and read_number(text, True) is not None:
        return Text(
            "{w}; {v} is een percentage, maar de maat is niet als fractie vastgelegd. Geef het "
            "cijfer in de eenheid van de grenswaarde, of zet 'proportion: true' bij de maat en "
            "schrijf {n}.",
            "{w}; {v} is a percentage, but the measure is not marked as a fraction. Give the "
            "figure in the unit of the limit, or set 'proportion: true' on the measure and "
            "write {n}.",
        ).format(w=where, v=shown, n=_plain(read_number(text, True) or 0))
    return Text(
        "{w}, dus het cijfer moet een getal zijn, zoals 0.78; {v} is geen getal.",
        "{w}, so the figure must be a number, such as 0.78; {v} is not a number.",
    ).format(w=where, v=shown)


def _shown(value: Any) -> str:
    """A value as it stands in YAML."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
    return f"'{value}'" if isinstance(value, str) else str(value)
