"""Building blocks shared by the dossier file and the step files."""

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    create_model,
)
from pydantic import Strict as StrictType
from pydantic_core import PydanticCustomError

from hai_cli.catalogue import Item
from hai_cli.vocab import ApprovalRole, Status


class Strict(BaseModel):
    """Every dossier model: unknown keys are errors; a loaded model is never changed (frozen)."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, coerce_numbers_to_str=True, defer_build=True
    )


def int_to_str(value: Any) -> Any:
    # YAML reads `phase: 2` as an integer; the phase ids are strings ("1A", "2").
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _no_number(value: Any) -> Any:
    # pydantic reads a number as a Unix time (`date: 0` would be 1970-01-01): not a date here
    if isinstance(value, int | float):
        raise PydanticCustomError("date_type", "Input should be a valid date")
    return value


Date = Annotated[dt.date, BeforeValidator(_no_number)]
Whole = Annotated[int, StrictType()]  # a whole number as written: not true, '12' or 2.0
# a finite number that YAML's true/false (or a quoted '0.9') never becomes, and not .nan or .inf
Number = Annotated[float, StrictType(), Field(allow_inf_nan=False)]


def _yes_no(value: Any, info: ValidationInfo) -> Any:
    # A Dutch dossier may write ja/nee for a boolean (load.py passes the language as context).
    context = info.context if isinstance(info.context, dict) else {}
    if isinstance(value, str) and context.get("lang", "nl") == "nl":
        word = value.strip().lower()
        if word in {"ja", "nee"}:
            return word == "ja"
    return value


YesNo = Annotated[
    bool,
    BeforeValidator(_yes_no),
    WithJsonSchema({"anyOf": [{"type": "boolean"}, {"enum": ["ja", "nee"]}]}),
]
"""true or false; in a Dutch dossier also ja or nee."""


class ChecklistItem(Strict):
    status: Status = Status.OPEN
    evidence: list[str] = Field(default_factory=list)
    note: str | None = None
    reason: str | None = None
    date: Date | None = None
    by: str | None = None


def checklist_model(name: str, items: tuple[Item, ...]) -> type[Strict]:
    """A model whose keys are exactly the catalogue's item ids for one step (or group)."""
    fields: dict[str, Any] = {
        item.id.replace("-", "_"): (
            ChecklistItem | None,
            Field(default=None, alias=item.id, description=f"{item.text.en} / {item.text.nl}"),
        )
        for item in items
    }
    model: type[Strict] = create_model(name, __base__=Strict, **fields)
    return model


Prose = str  # free text a person writes in the dossier (not a bilingual Text)
Evidence = Annotated[list[str], Field(default_factory=list)]


class Level(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class Answer(StrEnum):
    YES = "yes"
    PARTLY = "partly"
    NO = "no"
    UNKNOWN = "unknown"


class Approval(Strict):
    """Someone answers for content: who, in which role, when, on exactly which content."""

    name: str = Field(min_length=1)
    role: ApprovalRole
    date: Date
    comment: str | None = None
    forced: list[str] = Field(
        default_factory=list,
        description="What still blocked the gate when it was approved with --force.",
    )
    fingerprint: str = Field(pattern=r"^sha256:[0-9a-f]{64}$")
    covers: dict[str, str] = Field(default_factory=dict)
