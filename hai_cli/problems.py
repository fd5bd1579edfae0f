"""The one problem record, and the one error type that stops a command."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from hai_cli.i18n import Text


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


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


class HaiError(Exception):
    """A command cannot run (bad arguments, no dossier, unreadable path): exit status 2.

    The CLI's single handler turns it into one line on stderr; nothing else prints it.
    """

    def __init__(self, text: Text) -> None:
        super().__init__(text.en)
        self.text = text
