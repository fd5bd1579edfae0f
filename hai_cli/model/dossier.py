"""``dossier.yaml``: identity and lifecycle state of one AI product."""

from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BeforeValidator, Field

from hai_cli.catalogue import catalogue
from hai_cli.i18n import Lang
from hai_cli.model.common import Approval, Strict, Whole, YesNo, int_to_str
from hai_cli.vocab import Acquisition, ApprovalRole, Phase

SCHEMA_VERSION = 1


class Supplier(Strict):
    name: str | None = None
    product: str | None = None
    version: str | None = None
    intended_use: str | None = Field(
        default=None, description="The manufacturer's intended use (label, IFU, CE documents)."
    )
    use_within_intended_use: YesNo | None = Field(
        default=None, description="Does the hospital's desired use fall within the intended use?"
    )


class Owner(Strict):
    department: str | None = None
    role: str | None = None
    name: str | None = None


if TYPE_CHECKING:
    GateName = str
else:  # the catalogue's gates, in its order (adding a gate there adds it here)
    GateName = Literal.__getitem__(tuple(catalogue().gates))

DocumentId = Literal[
    "pve",
    "implementation-plan",
    "validation-protocol",
    "request",
    "dossier",
    "evaluation",
    "decommission",
]


class Organisation(Strict):
    """Who the documents are from: printed on every title page."""

    hospital: str | None = None
    department: str | None = None


class DocumentInfo(Strict):
    """Per rendered document: who owns it and who receives it (title page)."""

    owner: str | None = Field(default=None, description="Who owns the document (a role).")
    distribution: list[str] = Field(
        default_factory=list, description="Who receives the document (roles or groups)."
    )


class GateApproval(Approval):
    gate: GateName


class DossierFile(Strict):
    schema_version: Whole = Field(ge=1)
    id: str = Field(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=64)
    name: str = Field(min_length=1)
    language: Lang = "nl"
    acquisition: Acquisition
    shared_outside: YesNo = False
    supplier: Supplier | None = None
    phase: Annotated[Phase, BeforeValidator(int_to_str)]
    intended_use: str | None = None
    owner: Owner | None = None
    organisation: Organisation | None = None
    documents: dict[DocumentId, DocumentInfo] | None = Field(
        default=None, description="Per document: owner and distribution (title page)."
    )
    required_approvals: dict[GateName, list[ApprovalRole]] | None = Field(
        default=None, description="Per gate, the roles whose approval it needs (default: hai's)."
    )
    approvals: list[GateApproval] = Field(default_factory=list)
