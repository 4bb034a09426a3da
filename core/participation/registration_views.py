"""CSO representatives register their organisation and its people.

Whoever registers a new organisation becomes its focal point and manages only its own
representatives. An organisation already known to Parley cannot be claimed by typing its
name: the organisers make someone its focal point, so nobody can take over an organisation's
delegation (and see who is in it) by guessing its name.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload
from wtforms import SelectChoice

from core import audit
from core.auth.verified import require_confirmed_address
from core.db import db_session, utcnow
from core.dialogues.loading import visible_or_404
from core.forms import form_page
from core.gate import GateBlocked
from core.models import (
    Dialogue,
    DialogueCategory,
    FocalPoint,
    Organisation,
    OrganisationKind,
    Participation,
    Person,
    RegistrationMode,
    Visibility,
)
from core.participation.forms import (
    OrganisationRegistrationForm,
    RepresentativeForm,
    SelfRegistrationForm,
)
from core.participation.invitations import known_organisation
from core.participation.registration import (
    RegistrationRefused,
    ended_message,
    register,
    takes_registrations,
    waitlist_notices,
)
from core.participation.registration_messages import status_required_notice, visibility_hints
from core.screened_changes import ChangeRefused
from core.security import limiter

bp = Blueprint("registration", __name__, url_prefix="/dialogues/<slug>")
SELF_SERVICE = (RegistrationMode.FOCAL_POINTS, RegistrationMode.OPEN)
REGISTRATION_LIMIT = "30 per minute"


def _load(
    slug: str, organisation_id: int | None = None
) -> tuple[Dialogue, list[DialogueCategory], Organisation | None]:
    """The dialogue ``slug`` if the user may see it (else 404), its categories open to self-service
    now, and the organisation ``organisation_id`` if the user is its focal point: in one query.
    """
    categories = sa.and_(
        DialogueCategory.dialogue_id == Dialogue.id,
        DialogueCategory.registration.in_(SELF_SERVICE),
    )
    query = (
        sa.select(Dialogue, DialogueCategory)
        .outerjoin(DialogueCategory, categories)
        .where(Dialogue.slug == slug)
        .options(joinedload(Dialogue.series), joinedload(Dialogue.related_dialogue))
        .order_by(DialogueCategory.category)
    )
    if organisation_id is not None:
        mine = sa.select(FocalPoint.organisation_id).where(FocalPoint.user_id == current_user.id)
        query = query.add_columns(Organisation).outerjoin(
            Organisation, (Organisation.id == organisation_id) & Organisation.id.in_(mine)
        )
    rows = db_session().execute(query).all()
    dialogue = visible_or_404(rows[0][0] if rows else None, current_user)
    now = utcnow()
    open_now = [row[1] for row in rows if row[1] is not None and row[1].is_open(now)]
    organisation = rows[0][2] if organisation_id is not None else None
    return dialogue, open_now, organisation


def _my_organisations() -> list[Organisation]:
    return (
        db_session()
        .scalars(
            sa.select(Organisation)
            .join(FocalPoint, FocalPoint.organisation_id == Organisation.id)
            .where(FocalPoint.user_id == current_user.id)
            .order_by(Organisation.name)
        )
        .all()
    )


def _choice(category: DialogueCategory, notices: dict[int, str]) -> SelectChoice:
    """A category to choose, saying before the choice is made when it is full."""
    notice = notices.get(category.id)
    return SelectChoice(category.id, f"{category.name}: {notice}" if notice else category.name)


def _offer(form, categories: list[DialogueCategory], notices: dict[int, str] | None = None):
    """Offer ``categories`` on ``form``; each says it is full (``notices``) once the form is shown.
    Without notices the choices are enough to check an answer, and cost no query."""
    form.categories = categories
    form.category_id.choices = [_choice(c, notices or {}) for c in categories]
    return form


def _self_form(categories: list[DialogueCategory]):
    offered = [
        c for c in categories if c.registration == RegistrationMode.OPEN and not c.required_status
    ]
    return _offer(SelfRegistrationForm(prefix="self"), offered)


def _my_participation(dialogue: Dialogue) -> Participation | None:
    return db_session().scalar(
        sa.select(Participation)
        .join(Person, Person.id == Participation.person_id)
        .where(Participation.dialogue_id == dialogue.id, Person.user_id == current_user.id)
    )


def _register_page(dialogue: Dialogue, categories: list[DialogueCategory], form, self_form):
    failed = bool(form.errors or self_form.errors)
    notices = waitlist_notices(categories)
    _offer(self_form, self_form.categories, notices)
    page, _status = form_page(
        "participation/register.html",
        form,
        dialogue=dialogue,
        categories=categories,
        notices=notices,
        organisations=_my_organisations(),
        self_form=self_form,
        mine=_my_participation(dialogue),
        hints=visibility_hints(c.category for c in self_form.categories),
        ended=None if takes_registrations(dialogue) else ended_message(dialogue),
    )
    return page, 422 if failed else 200


def _try_register(category, person, organisation, visibility: str, form) -> bool:
    """Register and say how it went; False (with the reason on the form) when refused."""
    try:
        participation = register(
            category=category,
            person=person,
            organisation=organisation,
            visibility=Visibility(visibility),
            actor=current_user,
        )
    except (RegistrationRefused, ChangeRefused) as exc:
        db_session().rollback()
        form.category_id.errors.append(str(exc))
        return False
    except GateBlocked:
        # the gate has recorded what stopped it; the registrant is not told what was found
        flash(
            "This registration cannot go ahead. The organisers can see that it was "
            "stopped; contact them about it."
        )
        return True
    if participation.status.value == "waitlisted":
        flash(f"{person.name} is on the waitlist for {category.name}: every place is taken.")
    else:
        flash(f"{person.name} is registered for {category.name}.")
    return True


@bp.route("/register/self", methods=["POST"])
@login_required
@require_confirmed_address
@limiter.limit(REGISTRATION_LIMIT)
def register_self(slug: str):
    """Someone registering only themselves, in a category open to anyone."""
    dialogue, categories, _ = _load(slug)
    self_form = _self_form(categories)
    if self_form.validate_on_submit():
        session = db_session()
        person = session.scalar(sa.select(Person).where(Person.user_id == current_user.id))
        if person is None:  # inserted with the registration
            person = Person(
                name=current_user.name, email=current_user.email, user_id=current_user.id
            )
            session.add(person)
        category = session.get(DialogueCategory, self_form.category_id.data)
        if _try_register(
            category, person, person.organisation, self_form.visibility.data, self_form
        ):
            return redirect(url_for(".start", slug=slug))
    return _register_page(dialogue, categories, OrganisationRegistrationForm(), self_form)


@bp.route("/register", methods=["GET", "POST"])
@login_required
@require_confirmed_address
@limiter.limit(REGISTRATION_LIMIT, methods=["POST"])
def start(slug: str):
    dialogue, categories, _ = _load(slug)
    form = OrganisationRegistrationForm()
    if form.validate_on_submit():
        name = form.name.data
        if not takes_registrations(dialogue):
            form.name.errors.append(ended_message(dialogue))
        elif known_organisation(name) is not None:
            form.name.errors.append(
                "Parley already knows an organisation with this name. Ask the organisers to "
                "make you its focal point, or ask its focal point to register you."
            )
        else:
            organisation = Organisation(
                name=name,
                acronym=(form.acronym.data or "").strip(),
                kind=OrganisationKind.CSO,
                country=(form.country.data or "").strip(),
                website=(form.website.data or "").strip(),
            )
            db_session().add(organisation)
            db_session().add(FocalPoint(user_id=current_user.id, organisation=organisation))
            audit.record("organisation.registered", organisation, dialogue_id=dialogue.id)
            db_session().commit()
            flash(f"You are the focal point of {organisation.name}. Now add its representatives.")
            return redirect(
                url_for("registration.delegation", slug=slug, organisation_id=organisation.id)
            )
    return _register_page(dialogue, categories, form, _self_form(categories))


def _delegation_form(
    dialogue: Dialogue, categories: list[DialogueCategory], organisation: Organisation
) -> RepresentativeForm:
    first_day = dialogue.starts_at.date()
    admitted = [c for c in categories if c.admits(organisation, first_day)]
    return _offer(RepresentativeForm(), admitted)


def _status_notices(
    dialogue: Dialogue, categories: list[DialogueCategory], organisation: Organisation
) -> list[str]:
    """For each open category the organisation lacks the required status for, why and how to
    ask for it."""
    first_day = dialogue.starts_at.date()
    return [
        status_required_notice(c, organisation, first_day)
        for c in categories
        if not c.admits(organisation, first_day)
    ]


@bp.route("/delegations/<int:organisation_id>", methods=["GET", "POST"])
@login_required
@require_confirmed_address
@limiter.limit(REGISTRATION_LIMIT, methods=["POST"])
def delegation(slug: str, organisation_id: int):
    dialogue, categories, organisation = _load(slug, organisation_id)
    if organisation is None:  # none, or not the user's
        abort(404)
    form = _delegation_form(dialogue, categories, organisation)
    if form.validate_on_submit():
        category = db_session().get(DialogueCategory, form.category_id.data)
        person = _person_for(form, organisation)
        if _try_register(category, person, organisation, form.visibility.data, form):
            return redirect(url_for(".delegation", slug=slug, organisation_id=organisation.id))
    members = (
        db_session()
        .scalars(
            sa.select(Participation)
            .where(
                Participation.dialogue_id == dialogue.id,
                Participation.organisation_id == organisation.id,
            )
            .options(joinedload(Participation.person))
            .order_by(Participation.created_at)
        )
        .all()
    )
    _offer(form, form.categories, waitlist_notices(form.categories))
    return form_page(
        "participation/delegation.html",
        form,
        dialogue=dialogue,
        organisation=organisation,
        members=members,
        hints=visibility_hints(c.category for c in form.categories),
        status_notices=_status_notices(dialogue, categories, organisation),
        ended=None if takes_registrations(dialogue) else ended_message(dialogue),
    )


def _person_for(form: RepresentativeForm, organisation: Organisation) -> Person:
    """The organisation's person with this e-mail address, or a new one."""
    email = form.email.data.strip().lower()
    person = db_session().scalar(
        sa.select(Person).where(Person.email == email, Person.organisation_id == organisation.id)
    )
    if person is None:
        person = Person(email=email, organisation=organisation)
        db_session().add(person)
    person.name = form.name.data.strip()
    person.honorific = (form.honorific.data or "").strip()
    person.position = (form.position.data or "").strip()
    return person  # a new one is inserted with the registration
