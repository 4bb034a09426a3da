"""Inviting people and organisations, and their answers by signed, expiring links.

A person's invitation passes the gate first: a blocking finding holds it, with the reason,
for the organiser, and nothing is sent. An organisation's invitation makes whoever accepts
it (signed in) the organisation's focal point.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from core import audit
from core.db import db_session, utcnow
from core.gate import GateBlocked, pass_organisation_gate
from core.hooks import hooks
from core.links import external_url
from core.models import (
    Category,
    Dialogue,
    Invitation,
    InvitationState,
    Organisation,
    OrganisationKind,
    Participation,
    ParticipationStatus,
    Person,
    User,
)
from core.organisations.focal_points import add_focal_point
from core.outbox.messages import notify_invitation
from core.participation.status import change_status
from core.plugin_types import GateStep

SALT = "parley.invitation"


class InvitationProblem(Exception):
    """The link cannot be used; the message says why, for the person holding it."""


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def max_age() -> timedelta:
    return timedelta(days=int(current_app.config.get("INVITATION_DAYS", 30)))


def invitation_token(invitation: Invitation) -> str:
    return _serializer().dumps(invitation.id)


def invitation_for(token: str) -> Invitation:
    """The open invitation a link names; raises ``InvitationProblem`` otherwise."""
    try:
        invitation_id = _serializer().loads(token, max_age=int(max_age().total_seconds()))
    except SignatureExpired as exc:
        raise InvitationProblem(
            "This invitation has expired. Ask the organisers to send a new one."
        ) from exc
    except BadSignature as exc:
        raise InvitationProblem(
            "This link is not a valid invitation. Check it was copied whole."
        ) from exc
    invitation = (
        db_session().get(Invitation, invitation_id) if isinstance(invitation_id, int) else None
    )
    if invitation is None or invitation.state == InvitationState.CANCELLED:
        raise InvitationProblem("This invitation was withdrawn by the organisers.")
    if invitation.state != InvitationState.SENT:
        raise InvitationProblem(f"This invitation was already {invitation.state.value}.")
    return invitation


def known_organisation(name: str) -> Organisation | None:
    name = name.strip()
    if not name:
        return None
    return db_session().scalar(
        sa.select(Organisation).where(sa.func.lower(Organisation.name) == name.lower())
    )


def find_or_add_organisation(name: str) -> Organisation | None:
    """The organisation of this name, added when Parley does not know it yet. A name typed
    into an invitation or an import says nothing of what the organisation is, so a new one's
    type is "not yet set" until an organiser chooses it."""
    name = name.strip()
    if not name:
        return None
    found = known_organisation(name)
    if found is None:
        found = Organisation(name=name, kind=OrganisationKind.NOT_SET)
        db_session().add(found)
    return found


def invite_person(
    *,
    dialogue: Dialogue,
    category: Category,
    name: str,
    email: str,
    organisation: Organisation | None,
    actor: User | None,
    send: Callable[[Invitation], None],
    reuse_registry: bool = False,
    personal_message: str = "",
) -> Invitation:
    """Invite someone (by e-mail) to take part. Commits; returns the invitation, which is
    ``held`` when the gate stopped it. ``send`` queues the e-mail inside the transaction; the
    invitation keeps ``personal_message`` for it, a held one until it is sent.

    ``reuse_registry``: the inviter may see the registry of people, so a person already known
    by this address is invited as they are recorded. Otherwise a new record is made from what
    was typed, so that inviting an address never reveals who holds it.
    """
    session = db_session()
    email = email.strip().lower()
    person = invited_person(dialogue, email, reuse_registry=reuse_registry)
    if person is None:
        person = Person(name=name.strip(), email=email, organisation=organisation)
        session.add(person)
    session.commit()  # the person is in the registry whatever the gate says
    invitation = Invitation(
        dialogue_id=dialogue.id,
        category=category,
        person=person,
        organisation=organisation or person.organisation,
        email=email,
        state=InvitationState.SENT,
        created_by_id=actor.id if actor else None,
        personal_message=personal_message.strip("\n"),
    )
    return _send_or_hold(invitation, actor=actor, send=send)


def invited_person(dialogue: Dialogue, email: str, *, reuse_registry: bool) -> Person | None:
    """The recorded person an invitation to ``email`` goes to (see ``invite_person``), or
    ``None`` when a new record is made from what was typed."""
    query = sa.select(Person).where(Person.email == email.strip().lower())
    if not reuse_registry:
        query = query.join(Participation, Participation.person_id == Person.id).where(
            Participation.dialogue_id == dialogue.id
        )
    return db_session().scalar(query.limit(1))


def send_invitation_mail(invitation: Invitation) -> None:
    """Queue the invitation's e-mail, in its dialogue's wording, with its accept and decline
    links and the inviter's personal message, if any."""
    token = invitation_token(invitation)
    notify_invitation(
        email=invitation.email,
        person_id=invitation.person_id,
        dialogue=db_session().get(Dialogue, invitation.dialogue_id),
        name=invitee_name(invitation),
        category=invitation.category,
        accept_url=external_url("answers.answer", token=token),
        decline_url=external_url("answers.answer", token=token, answer="decline"),
        expires_at=invitation.sent_at + max_age(),
        personal_message=invitation.personal_message,
    )


def invitee_name(invitation: Invitation) -> str:
    """Whom the invitation's ``{name}`` names: the person, or the invited organisation."""
    if invitation.person is not None:
        return invitation.person.full_name
    return invitation.organisation.display_name if invitation.organisation else ""


def release_held_invitations(
    *, person_id: int | None = None, organisation_id: int | None = None, actor: User | None
) -> list[Invitation]:
    """Ask the gate again for every held invitation of a person, or of or with an
    organisation, once a decision was taken on what held them (a screening review): each is
    sent when nothing stops it any more, and stays held with the reason that now stops it
    otherwise (a confirmed match, say). Commits each. Return those sent."""
    subject = []
    if person_id is not None:
        subject.append(Invitation.person_id == person_id)
    if organisation_id is not None:
        subject.append(Invitation.organisation_id == organisation_id)
    if not subject:
        return []
    session = db_session()
    held = session.scalars(
        sa.select(Invitation)
        .where(Invitation.state == InvitationState.HELD, sa.or_(*subject))
        .order_by(Invitation.id)
    ).all()
    sent = []
    for invitation in held:
        try:
            send_held(invitation, actor=actor, send=send_invitation_mail)
        except InvitationProblem:  # the person takes part by now: nothing to send
            session.rollback()
            continue
        if invitation.state == InvitationState.SENT:
            sent.append(invitation)
    return sent


def send_held(invitation: Invitation, *, actor: User | None, send) -> Invitation:
    """Ask the gate again for a held invitation (after a screening review, say): it is sent
    when nothing stops it any more, and stays held, with the new reason, otherwise. Commits."""
    if invitation.state != InvitationState.HELD:
        raise InvitationProblem(f"This invitation is {invitation.state.value}, not held.")
    invitation.state = InvitationState.SENT
    invitation.hold_reason = ""
    if invitation.person is None:
        dialogue = db_session().get(Dialogue, invitation.dialogue_id)
        return _send_or_hold_organisation(invitation, dialogue=dialogue, actor=actor, send=send)
    return _send_or_hold(invitation, actor=actor, send=send)


def _send_or_hold(
    invitation: Invitation, *, actor: User | None, send: Callable[[Invitation], None]
) -> Invitation:
    """Pass the gate and send ``invitation``, or keep it held with what stopped it."""
    session = db_session()
    person = invitation.person
    participation = session.scalar(
        sa.select(Participation).where(
            Participation.dialogue_id == invitation.dialogue_id,
            Participation.person_id == person.id,
        )
    ) or Participation(dialogue_id=invitation.dialogue_id, person=person)
    if participation.id is not None and participation.status not in (
        ParticipationStatus.WITHDRAWN,
        ParticipationStatus.REJECTED,
    ):
        raise InvitationProblem(f"{person.name} already takes part ({participation.status.value}).")
    participation.category = invitation.category
    participation.organisation = invitation.organisation
    participation.registered_by_id = actor.id if actor else None

    def save_and_send(findings) -> None:
        invitation.sent_at = utcnow()
        invitation.findings = [f.as_record() for f in findings]
        session.add(invitation)
        session.flush()
        send(invitation)

    try:
        change_status(
            participation,
            ParticipationStatus.INVITED,
            actor=actor,
            reason="invitation",
            alongside=save_and_send,
        )
    except GateBlocked as blocked:  # recorded by change_status; nothing was sent
        _hold(invitation, blocked)
        session.add(invitation)
        session.commit()
    return invitation


def _hold(invitation: Invitation, blocked: GateBlocked) -> None:
    """Keep the invitation, held, with what stopped it."""
    invitation.state = InvitationState.HELD
    invitation.hold_reason = blocked.reason
    invitation.findings = [f.as_record() for f in blocked.findings]


def invite_organisation(
    *,
    dialogue: Dialogue,
    category: Category,
    organisation: Organisation,
    email: str,
    actor: User | None,
    send: Callable[[Invitation], None],
) -> Invitation:
    """Invite an organisation: its contact, once signed in, becomes its focal point. The
    organisation passes the gate first: a blocking finding holds the invitation. Commits."""
    invitation = Invitation(
        dialogue_id=dialogue.id,
        category=category,
        organisation=organisation,
        email=email.strip().lower(),
        state=InvitationState.SENT,
        created_by_id=actor.id if actor else None,
    )
    db_session().add(invitation)
    db_session().flush()
    return _send_or_hold_organisation(invitation, dialogue=dialogue, actor=actor, send=send)


def _send_or_hold_organisation(
    invitation: Invitation, *, dialogue: Dialogue, actor: User | None, send
) -> Invitation:
    organisation = invitation.organisation
    try:
        findings = pass_organisation_gate(GateStep.INVITE, organisation, dialogue, actor)
    except GateBlocked as blocked:
        hooks().organisation_gate_checked(
            step=GateStep.INVITE,
            organisation=organisation,
            dialogue=dialogue,
            findings=blocked.found,
            blocked=True,
            actor=actor,
        )
        _hold(invitation, blocked)
        audit.record(
            "invitation.gate_blocked",
            invitation,
            reason=blocked.reason,
            dialogue_id=dialogue.id,
            actor_id=actor.id if actor else None,
            findings=[f"{f.source}:{f.code}" for f in blocked.findings],
        )
    else:
        hooks().organisation_gate_checked(
            step=GateStep.INVITE,
            organisation=organisation,
            dialogue=dialogue,
            findings=findings,
            blocked=False,
            actor=actor,
        )
        invitation.findings = [f.as_record() for f in findings]
        invitation.sent_at = utcnow()
        send(invitation)
    db_session().commit()
    return invitation


def accept_organisation(invitation: Invitation, user: User) -> None:
    """Make ``user`` the organisation's focal point: only the holder of the invited address,
    signed in with it, may accept."""
    if user.email.lower() != invitation.email.lower():
        raise InvitationProblem(
            f"This invitation was sent to another address. Sign in with the account of "
            f"{invitation.email} to accept it."
        )
    add_focal_point(
        user,
        invitation.organisation,
        dialogue_id=invitation.dialogue_id,
        invitation_id=invitation.id,
    )
    mark_answered(invitation, InvitationState.ACCEPTED)([])
    db_session().commit()


def mark_answered(invitation: Invitation, state: InvitationState):
    """A callback for ``change_status(alongside=...)`` that records the answer."""

    def mark(_findings) -> None:
        invitation.state = state
        invitation.responded_at = utcnow()

    return mark


def close_invitation(
    invitation: Invitation,
    state: InvitationState,
    *,
    actor: User | None,
    reason: str = "",
    reason_code: str = "other",
) -> None:
    """Decline or cancel an invitation; the invited participation, if still invited, is
    withdrawn with it, in one transaction. Commits."""
    session = db_session()
    participation = session.scalar(
        sa.select(Participation).where(
            Participation.dialogue_id == invitation.dialogue_id,
            Participation.person_id == invitation.person_id,
            Participation.status == ParticipationStatus.INVITED,
        )
    )
    mark = mark_answered(invitation, state)
    if participation is not None:
        change_status(
            participation,
            ParticipationStatus.WITHDRAWN,
            actor=actor,
            reason=reason,
            reason_code=reason_code,
            alongside=mark,
        )
        return
    mark([])
    audit.record(
        f"invitation.{state.value}",
        invitation,
        dialogue_id=invitation.dialogue_id,
        actor_id=actor.id if actor else None,
    )
    session.commit()
