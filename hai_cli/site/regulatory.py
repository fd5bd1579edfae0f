"""The next date from the law that affects a dossier, for the portfolio's column.

The law as dated data (when each framework and obligation applies) is being added to hai
separately; until that data exists this returns nothing, and the site shows "-". It never
guesses a date.
"""

from __future__ import annotations

import datetime as dt

from hai_cli.check import DossierResult
from hai_cli.i18n import Text


def next_regulatory_date(result: DossierResult, today: dt.date) -> tuple[dt.date, Text] | None:
    """The first date after ``today`` from which an obligation applies to this dossier, and
    which obligation; None while hai has no dated law data."""
    del result, today  # no dated law data in hai yet
    return None
