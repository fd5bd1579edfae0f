"""The dossier's shared vocabularies: the values a key may take, as the YAML writes them.

Plain enums without pydantic, so that the command line (which must start fast) and the models
read the same lists; the gate names live in the catalogue.
"""

from __future__ import annotations

from enum import StrEnum


class Language(StrEnum):
    NL = "nl"
    EN = "en"


class Acquisition(StrEnum):
    PURCHASE = "purchase"
    IN_HOUSE = "in-house"


class Phase(StrEnum):
    DEVELOPMENT = "1A"
    ACQUISITION = "1B"
    COMMISSIONING = "2"
    USE = "3"
    DECOMMISSIONED = "4"


class Status(StrEnum):  # a checklist item's
    OPEN = "open"
    DONE = "done"
    NA = "n/a"


class ApprovalRole(StrEnum):
    PROJECT_LEADER = "project-leader"
    CLINICAL_INFORMATICIAN = "clinical-informatician"
    ADMINISTRATOR = (
        "administrator"  # technical release (technisch, applicatie-, functioneel beheer)
    )
    END_RESPONSIBLE_USER = "end-responsible-user"  # functional release
    EVALUATION_CHAIR = "evaluation-chair"
    MEDICAL_MANAGER = "medical-manager"
    OTHER = "other"
