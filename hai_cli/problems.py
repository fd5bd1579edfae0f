"""The one problem record, and the one error type that stops a command."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

Lang = Literal["nl", "en"]
LANGS: tuple[Lang, ...] = ("nl", "en")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True, order=True)
class Text:
    """A sentence a person reads, in both languages."""

    nl: str
    en: str

    def __call__(self, lang: Lang) -> str:
        return self.nl if lang == "nl" else self.en

    def format(self, **params: object) -> Text:
        """Fill in placeholders; a parameter that is itself a Text fills in per language."""
        nl = {k: v.nl if isinstance(v, Text) else v for k, v in params.items()}
        en = {k: v.en if isinstance(v, Text) else v for k, v in params.items()}
        return Text(self.nl.format(**nl), self.en.format(**en))


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """Something wrong in a dossier, at a file and a 1-based line.

    Sorts by position, so that a report reads top to bottom through each file.
    """

    file: str
    line: int
    column: int
    code: str
    severity: Severity = field(compare=False)
    text: Text = field(compare=True)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def message(self, lang: Lang) -> str:
        return self.text(lang)


class HaiError(Exception):
    """A command cannot run (bad arguments, no dossier, unreadable path): exit status 2.

    The CLI's single handler turns it into one line on stderr; nothing else prints it.
    """

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text
