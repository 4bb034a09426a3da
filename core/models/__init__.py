"""The core's tables. Importing this package registers every core model on ``Base``."""

from core.models.audit import AuditEvent
from core.models.dialogues import Dialogue, DialogueChair, DialogueHost, Series
from core.models.enums import (
    Category,
    DialogueFormat,
    DialogueStatus,
    OrganisationKind,
    ParticipationStatus,
    Role,
    Visibility,
)
from core.models.organisations import Organisation, OrganisationStatus
from core.models.participation import Participation
from core.models.people import Person
from core.models.users import Grant, User

__all__ = [
    "AuditEvent",
    "Category",
    "Dialogue",
    "DialogueChair",
    "DialogueFormat",
    "DialogueHost",
    "DialogueStatus",
    "Grant",
    "Organisation",
    "OrganisationKind",
    "OrganisationStatus",
    "Participation",
    "ParticipationStatus",
    "Person",
    "Role",
    "Series",
    "User",
    "Visibility",
]
