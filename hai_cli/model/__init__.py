"""Pydantic models of the dossier's files: ``dossier.yaml`` and the eight step files."""

from hai_cli.model.common import ChecklistItem, Status, Strict
from hai_cli.model.dossier import SCHEMA_VERSION, Acquisition, DossierFile, Phase
from hai_cli.model.steps import STEP_MODELS

__all__ = [
    "SCHEMA_VERSION",
    "STEP_MODELS",
    "Acquisition",
    "ChecklistItem",
    "DossierFile",
    "Phase",
    "Status",
    "Strict",
]
