"""What a viewer may see of a participation. The one place this is decided.

Every output (pages, CSV, calendars, JSON, badges, minutes, e-mails) asks ``view_participation``
and prints what it returns. A person is named to a viewer when their chosen visibility allows
it; otherwise they are described by role ("a CSO representative") and their organisation is
not revealed. Organisers of the dialogue and the person themselves always see the identity.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa

from core.auth.permissions import has_confirmed_address
from core.db import db_session
from core.models import (
    Category,
    Dialogue,
    DialogueStatus,
    FocalPoint,
    Organisation,
    Participation,
    ParticipationStatus,
    Person,
    Role,
    User,
    Visibility,
)
from core.models.organisations import display_name

if TYPE_CHECKING:
    from core.participation.rows import Facts


class Standing(IntEnum):
    """How close a viewer stands to a dialogue; higher sees more."""

    VISITOR = 0
    PARTICIPANT = 1
    ORGANISER = 2


# who is "taking part" as far as other participants and the public are concerned
TAKING_PART = (ParticipationStatus.ACCREDITED, ParticipationStatus.ATTENDED)

REQUIRED_STANDING = {
    Visibility.PUBLIC: Standing.VISITOR,
    Visibility.PARTICIPANTS: Standing.PARTICIPANT,
    Visibility.ORGANISERS: Standing.ORGANISER,
    Visibility.ANONYMOUS: Standing.ORGANISER,
}

# the visibilities under which a visitor, of no standing, is shown who it is: the rule of
# ``view_participation`` as data, for queries (a test keeps the two in agreement)
VISIBLE_TO_VISITORS = tuple(
    v for v, needed in REQUIRED_STANDING.items() if needed <= Standing.VISITOR
)


def named_to_visitors(visibility: Visibility) -> bool:
    """Whether a participation of this visibility is named to anyone at all, the public too."""
    return REQUIRED_STANDING[visibility] <= Standing.VISITOR


ROLE_DESCRIPTIONS = {
    Category.DELEGATE: "a delegate",
    Category.NHRI: "an NHRI representative",
    Category.CSO: "a CSO representative",
    Category.OBSERVER: "an observer",
    Category.SPEAKER: "a speaker",
    Category.CHAIR: "a chair",
    Category.RAPPORTEUR: "a rapporteur",
    Category.SECRETARIAT: "a member of the secretariat",
    Category.PRESS: "a member of the press",
}


@dataclass(frozen=True)
class Viewer:
    """Someone looking at one dialogue's outputs."""

    dialogue_id: int | None
    user_id: int | None
    person_id: int | None
    standing: Standing
    # organisations whose focal point the viewer is: they see their own representatives
    focal_organisation_ids: frozenset[int] = frozenset()

    @classmethod
    def anonymous(cls, dialogue_id: int | None = None) -> Viewer:
        return cls(dialogue_id=dialogue_id, user_id=None, person_id=None, standing=Standing.VISITOR)

    @classmethod
    def for_dialogue(cls, user: User | None, dialogue: Dialogue) -> Viewer:
        """The viewer ``user`` is for ``dialogue`` (two queries at most).

        An account whose address is not confirmed stands as a visitor (unless it organises
        the dialogue): it is nobody's participant, focal point or person yet.
        """
        if user is None or not getattr(user, "is_authenticated", False):
            return cls.anonymous(dialogue.id)
        if user.is_admin or user.has_role(Role.ORGANISER, dialogue.id):
            standing = Standing.ORGANISER
        elif not has_confirmed_address(user):
            return cls(
                dialogue_id=dialogue.id, user_id=user.id, person_id=None, standing=Standing.VISITOR
            )
        else:
            standing = Standing.VISITOR
        row = (
            db_session()
            .execute(
                sa.select(Person.id, Participation.status)
                .outerjoin(
                    Participation,
                    sa.and_(
                        Participation.person_id == Person.id,
                        Participation.dialogue_id == dialogue.id,
                    ),
                )
                .where(Person.user_id == user.id)
            )
            .first()
        )
        person_id = row.id if row else None
        if standing is Standing.VISITOR and row is not None and row.status in TAKING_PART:
            standing = Standing.PARTICIPANT
        focal = db_session().scalars(
            sa.select(FocalPoint.organisation_id).where(FocalPoint.user_id == user.id)
        )
        return cls(
            dialogue_id=dialogue.id,
            user_id=user.id,
            person_id=person_id,
            standing=standing,
            focal_organisation_ids=frozenset(focal),
        )


@dataclass(frozen=True)
class ParticipantView:
    """What to show of one participation to one viewer."""

    named: bool
    label: str
    organisation: str | None


def describe_role(category: Category) -> str:
    return ROLE_DESCRIPTIONS[category]


def shows(
    viewer: Viewer,
    *,
    dialogue_id: int,
    visibility: Visibility,
    person_id: int | None,
    organisation_id: int | None,
) -> bool:
    """The rule itself: whether ``viewer`` may see who takes part under these facts of a
    participation (the person, their organisation's focal point, or a standing the chosen
    visibility asks for). ``view_participation`` judges one participation with it, the
    summary of organisations a group of them."""
    own = (viewer.person_id is not None and viewer.person_id == person_id) or (
        organisation_id in viewer.focal_organisation_ids
    )
    standing = viewer.standing if viewer.dialogue_id == dialogue_id else Standing.VISITOR
    return own or standing >= REQUIRED_STANDING[visibility]


def view_participation(viewer: Viewer, participation: Facts) -> ParticipantView:
    """What ``viewer`` may see of ``participation``.

    The person themselves and their organisation's focal point see everything of it. A
    viewer's standing holds for the dialogue it was made for; on any other dialogue's
    participation it counts as a visitor's, so a mix-up can only hide, never reveal.
    """
    if shows(
        viewer,
        dialogue_id=participation.dialogue_id,
        visibility=participation.visibility,
        person_id=participation.person_id,
        organisation_id=participation.organisation_id,
    ):
        person = participation.person
        org = participation.organisation
        return ParticipantView(
            named=True,
            label=person.full_name,
            organisation=org.display_name if org else None,
        )
    return ParticipantView(
        named=False, label=describe_role(participation.category), organisation=None
    )


def named_to(viewer: Viewer, dialogue_id: int) -> sa.ColumnElement[bool]:
    """The participations of ``dialogue_id`` that ``viewer`` is shown who they are, as SQL:
    those ``view_participation`` names, so a list can be paged in the database.

    The rule is not written again here: ``shows`` is asked about the groups it can tell apart
    (as ``summarise_organisations`` asks it about grouped rows), and each group's answer
    becomes a condition: which visibilities it shows of anyone's participation, of the
    viewer's own, and of the representatives of each organisation the viewer is the focal
    point of. A participation is named when any group it belongs to is shown.
    """

    def shown(*, person_id: int | None, organisation_id: int | None) -> frozenset[Visibility]:
        return frozenset(
            v
            for v in Visibility
            if shows(
                viewer,
                dialogue_id=dialogue_id,
                visibility=v,
                person_id=person_id,
                organisation_id=organisation_id,
            )
        )

    def shown_among(visibilities: frozenset[Visibility]) -> sa.ColumnElement[bool]:
        if not visibilities:
            return sa.false()
        if len(visibilities) == len(Visibility):
            return sa.true()
        return Participation.visibility.in_(sorted(visibilities))

    groups = [shown_among(shown(person_id=None, organisation_id=None))]
    if viewer.person_id is not None:
        own = shown(person_id=viewer.person_id, organisation_id=None)
        groups.append(sa.and_(Participation.person_id == viewer.person_id, shown_among(own)))
    # focal organisations shown alike share one condition: its size does not follow their number
    focal: dict[frozenset[Visibility], list[int]] = {}
    for organisation_id in sorted(viewer.focal_organisation_ids):
        focal.setdefault(shown(person_id=None, organisation_id=organisation_id), []).append(
            organisation_id
        )
    groups += [
        sa.and_(Participation.organisation_id.in_(ids), shown_among(visibilities))
        for visibilities, ids in focal.items()
    ]
    return sa.and_(Participation.dialogue_id == dialogue_id, sa.or_(*groups))


@dataclass(frozen=True)
class OrganisationsSummary:
    named: list[str]
    unnamed_count: int


def summarise_organisations(viewer: Viewer, dialogue_id: int) -> OrganisationsSummary:
    """The organisations taking part in the dialogue, named where a participation the viewer
    may see names them; an organisation none of whose participations may be shown is counted,
    never named.

    The database groups the participations by what the rule looks at (organisation,
    visibility, whether it is the viewer's own), so the cost follows the organisations, not
    the people; ``shows`` judges each group. One query whatever the numbers.
    """
    own = Participation.person_id == (viewer.person_id or 0)  # ids start at 1
    groups = db_session().execute(
        sa.select(
            Organisation.id,
            Organisation.name,
            Organisation.acronym,
            Participation.visibility,
            own.label("own"),
        )
        .join(Organisation, Organisation.id == Participation.organisation_id)
        .where(Participation.dialogue_id == dialogue_id, Participation.status.in_(TAKING_PART))
        .distinct()
    )
    names: dict[int, str] = {}
    shown: set[int] = set()
    for organisation_id, name, acronym, visibility, is_own in groups:
        names[organisation_id] = display_name(name, acronym)
        if shows(
            viewer,
            dialogue_id=dialogue_id,
            visibility=visibility,
            person_id=viewer.person_id if is_own else None,
            organisation_id=organisation_id,
        ):
            shown.add(organisation_id)
    named = {names[i] for i in shown}
    unnamed = {i for i in names.keys() - shown if names[i] not in named}
    return OrganisationsSummary(named=sorted(named), unnamed_count=len(unnamed))


def publicly_named_organisations() -> sa.Select:
    """The ids of the organisations a visitor sees named on some dialogue's page: what
    ``summarise_organisations`` names to a visitor, over every public dialogue, as SQL. An
    organisation is named there by a participation taking part, in a dialogue that is not a
    draft (``Dialogue.is_public``), under a visibility a visitor is shown."""
    return (
        sa.select(Participation.organisation_id)
        .join(Dialogue, Dialogue.id == Participation.dialogue_id)
        .where(
            Participation.organisation_id.is_not(None),
            Participation.status.in_(TAKING_PART),
            Participation.visibility.in_(VISIBLE_TO_VISITORS),
            Dialogue.status != DialogueStatus.DRAFT,
        )
        .distinct()
    )


@dataclass(frozen=True)
class BadgeView:
    """What a printed badge shows: it is worn in the room, seen by everyone there."""

    name: str
    organisation: str | None


def view_on_badge(participation: Participation) -> BadgeView:
    """An anonymous participant's badge names neither them nor their organisation; every other
    badge shows the name (people in the room need it) and the organisation."""
    if participation.visibility == Visibility.ANONYMOUS:
        return BadgeView(name="Participant", organisation=None)
    org = participation.organisation
    return BadgeView(
        name=participation.person.full_name, organisation=org.display_name if org else None
    )
