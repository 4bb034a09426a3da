"""The closed vocabularies of the core, stored as short strings with a CHECK constraint."""

from enum import StrEnum

import sqlalchemy as sa


class Role(StrEnum):
    ADMINISTRATOR = "administrator"
    ORGANISER = "organiser"
    CHAIR = "chair"
    RAPPORTEUR = "rapporteur"
    PARTICIPANT = "participant"


class DialogueFormat(StrEnum):
    IN_PERSON = "in-person"
    HYBRID = "hybrid"
    ONLINE = "online"


class DialogueStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CLOSED = "closed"


class OrganisationKind(StrEnum):
    DELEGATION = "delegation"
    REGIONAL_BODY = "regional-body"
    EU_INSTITUTION = "eu-institution"
    UN_AGENCY = "un-agency"
    NHRI = "nhri"
    CSO = "cso"
    ACADEMIA = "academia"
    MEDIA = "media"
    OTHER = "other"
    # created on the fly (an invitation, an import, a person's form) until an organiser sets it
    NOT_SET = "not-set"


class Category(StrEnum):
    DELEGATE = "delegate"
    NHRI = "nhri"
    CSO = "cso"
    OBSERVER = "observer"
    SPEAKER = "speaker"
    CHAIR = "chair"
    RAPPORTEUR = "rapporteur"
    SECRETARIAT = "secretariat"
    PRESS = "press"


class ParticipationStatus(StrEnum):
    INVITED = "invited"
    REGISTERED = "registered"
    PENDING = "pending"
    ACCREDITED = "accredited"
    REJECTED = "rejected"
    WAITLISTED = "waitlisted"
    WITHDRAWN = "withdrawn"
    ATTENDED = "attended"
    # accredited, then held by a confirmed screening match: the badge is revoked, the place kept
    SUSPENDED = "suspended"


# a participation in these statuses no longer takes part (its person may register again)
ENDED = (ParticipationStatus.WITHDRAWN, ParticipationStatus.REJECTED)


class Visibility(StrEnum):
    PUBLIC = "public"
    PARTICIPANTS = "participants"
    ORGANISERS = "organisers"
    ANONYMOUS = "anonymous"


# keyed by vocabulary too: Category.CSO and OrganisationKind.CSO are both "cso"
LABELS: dict[tuple[type[StrEnum], StrEnum], str] = {
    (OrganisationKind, OrganisationKind.DELEGATION): "Member-state delegation",
    (OrganisationKind, OrganisationKind.REGIONAL_BODY): "Regional body",
    (OrganisationKind, OrganisationKind.EU_INSTITUTION): "EU institution",
    (OrganisationKind, OrganisationKind.UN_AGENCY): "UN agency",
    (OrganisationKind, OrganisationKind.NHRI): "National human rights institution",
    (OrganisationKind, OrganisationKind.CSO): "Civil society organisation",
    (OrganisationKind, OrganisationKind.ACADEMIA): "Academia",
    (OrganisationKind, OrganisationKind.MEDIA): "Media",
    (OrganisationKind, OrganisationKind.OTHER): "Other",
    (OrganisationKind, OrganisationKind.NOT_SET): "Not yet set",
    (DialogueFormat, DialogueFormat.IN_PERSON): "In person",
    (DialogueFormat, DialogueFormat.HYBRID): "Hybrid",
    (DialogueFormat, DialogueFormat.ONLINE): "Online",
    (Category, Category.CSO): "CSO",
    (Category, Category.NHRI): "NHRI",
}


def label(value: StrEnum) -> str:
    """A plain-words label for a vocabulary value."""
    return LABELS.get((type(value), value), value.value.replace("-", " ").capitalize())


def enum_column(enum: type[StrEnum]) -> sa.Enum:
    return sa.Enum(
        enum,
        native_enum=False,
        create_constraint=True,
        length=32,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )
