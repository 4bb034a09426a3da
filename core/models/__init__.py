"""The core's tables. Importing this package registers every core model on ``Base``."""

from core.models.audit import AuditEvent
from core.models.categories import DialogueCategory, FocalPoint, RegistrationMode
from core.models.changes import ScreenedFieldChange
from core.models.check_in import CheckInEntry, CheckInSetting
from core.models.dialogues import (
    Dialogue,
    DialogueChair,
    DialogueHost,
    Series,
    open_dialogue_ids,
)
from core.models.enums import (
    ENDED,
    Category,
    DialogueFormat,
    DialogueStatus,
    OrganisationKind,
    ParticipationStatus,
    Role,
    Visibility,
)
from core.models.invitations import Invitation, InvitationState
from core.models.message_wording import MessageWording
from core.models.organisations import Organisation, OrganisationStatus
from core.models.outbox import OutboxMessage
from core.models.participation import Participation
from core.models.people import Person
from core.models.users import Grant, KnownDevice, RecoveryCode, User

__all__ = [
    "ENDED",
    "AuditEvent",
    "Category",
    "CheckInEntry",
    "CheckInSetting",
    "Dialogue",
    "DialogueCategory",
    "DialogueChair",
    "DialogueFormat",
    "DialogueHost",
    "DialogueStatus",
    "FocalPoint",
    "Grant",
    "Invitation",
    "InvitationState",
    "KnownDevice",
    "MessageWording",
    "Organisation",
    "OrganisationKind",
    "OrganisationStatus",
    "OutboxMessage",
    "Participation",
    "ParticipationStatus",
    "Person",
    "RecoveryCode",
    "RegistrationMode",
    "Role",
    "ScreenedFieldChange",
    "Series",
    "User",
    "Visibility",
    "open_dialogue_ids",
]
