"""Organisers invite people and organisations (one by one or from a CSV); invitees answer by
the signed link in their e-mail, without needing an account for a personal invitation."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy.orm import joinedload
from wtforms import SelectChoice

from core.auth import can
from core.auth.permissions import require_dialogue
from core.db import db_session, utcnow
from core.dialogues.loading import load_visible
from core.models import (
    Category,
    DialogueCategory,
    Invitation,
    InvitationState,
    Organisation,
)
from core.models.enums import label
from core.outbox.messages import invitation_message
from core.participation.forms import (
    InvitationImportForm,
    InviteOrganisationForm,
    InvitePersonForm,
)
from core.participation.invitation_import import (
    ImportRefused,
    read_invitations,
    refuse_those_taking_part,
)
from core.participation.invitations import (
    InvitationProblem,
    close_invitation,
    find_or_add_organisation,
    invite_organisation,
    invite_person,
    invited_person,
    known_organisation,
    max_age,
    send_held,
    send_invitation_mail,
)
from core.registry_scope import registry_scope

bp = Blueprint("invitations", __name__)


def _categories(dialogue) -> list[Category]:
    return list(
        db_session().scalars(
            sa.select(DialogueCategory.category)
            .where(DialogueCategory.dialogue_id == dialogue.id)
            .order_by(DialogueCategory.category)
        )
    )


def _category_names(dialogue) -> dict[Category, str]:
    """The dialogue's categories, in the form's order, with its own name for each."""
    return dict(
        db_session()
        .execute(
            sa.select(DialogueCategory.category, DialogueCategory.label)
            .where(DialogueCategory.dialogue_id == dialogue.id)
            .order_by(DialogueCategory.category)
        )
        .all()
    )


def _forms(dialogue):
    choices = [SelectChoice("", "Choose a category")] + [
        SelectChoice(c.value, label(c)) for c in _categories(dialogue)
    ]
    person, organisation = InvitePersonForm(prefix="person"), InviteOrganisationForm(prefix="org")
    person.category.choices = organisation.category.choices = choices
    return person, organisation, InvitationImportForm(prefix="import")


def _page(
    dialogue,
    person_form,
    organisation_form,
    import_form,
    report=None,
    problems=None,
    preview=None,
):
    invitations = (
        db_session()
        .scalars(
            sa.select(Invitation)
            .where(Invitation.dialogue_id == dialogue.id)
            .options(joinedload(Invitation.person), joinedload(Invitation.organisation))
            .order_by(Invitation.created_at.desc(), Invitation.id.desc())
        )
        .all()
    )
    failed = any(f.errors for f in (person_form, organisation_form, import_form)) or problems
    # names to suggest as the organisation is typed: only those the organiser may look up
    known = registry_scope(current_user).organisations(Organisation.name)
    return render_template(
        "participation/invitations.html",
        dialogue=dialogue,
        invitations=invitations,
        known_organisations=db_session().scalars(known.order_by(Organisation.name)).all(),
        person_form=person_form,
        organisation_form=organisation_form,
        import_form=import_form,
        report=report,
        problems=problems,
        preview=preview,
        has_categories=len(person_form.category.choices) > 1,
    ), 422 if failed else 200


def _invite(
    dialogue,
    category: Category,
    name: str,
    email: str,
    organisation: str,
    personal_message: str = "",
) -> Invitation:
    return invite_person(
        dialogue=dialogue,
        category=category,
        name=name,
        email=email,
        organisation=find_or_add_organisation(organisation or ""),
        actor=current_user._get_current_object(),
        send=send_invitation_mail,
        reuse_registry=can(current_user, "person.manage"),
        personal_message=personal_message,
    )


# the links are made for the invitation when it is sent: the preview says where they will be
PREVIEW_LINK = "[the link to {}, made for this person when the invitation is sent]"


def _preview(dialogue, form: InvitePersonForm) -> tuple[str, str]:
    """The subject and body the form would send. The name is the one the e-mail will use:
    the recorded one only where the organiser may see the registry, what was typed otherwise,
    so that a preview never tells who holds an address."""
    person = invited_person(
        dialogue, form.email.data, reuse_registry=can(current_user, "person.manage")
    )
    return invitation_message(
        dialogue=dialogue,
        name=person.full_name if person else form.name.data,
        category=Category(form.category.data),
        accept_url=PREVIEW_LINK.format("accept"),
        decline_url=PREVIEW_LINK.format("decline"),
        expires_at=utcnow() + max_age(),
        personal_message=form.personal_message.data or "",
    )


@bp.route("/dialogues/<slug>/invitations/", methods=["GET"])
def index(slug: str):
    dialogue = load_visible(slug, current_user)
    require_dialogue("dialogue.review", dialogue)
    return _page(dialogue, *_forms(dialogue))


@bp.route("/dialogues/<slug>/invitations/person", methods=["POST"])
def invite_one(slug: str):
    dialogue = load_visible(slug, current_user)
    require_dialogue("dialogue.review", dialogue)
    person_form, organisation_form, import_form = _forms(dialogue)
    valid = person_form.validate_on_submit()
    if valid and person_form.preview.data:  # shown, not sent: nothing is saved
        preview = _preview(dialogue, person_form)
        return _page(dialogue, person_form, organisation_form, import_form, preview=preview)
    if valid:
        try:
            invitation = _invite(
                dialogue,
                Category(person_form.category.data),
                person_form.name.data,
                person_form.email.data,
                person_form.organisation.data,
                person_form.personal_message.data or "",
            )
        except InvitationProblem as exc:
            db_session().rollback()
            person_form.email.errors.append(str(exc))
        else:
            if invitation.state == InvitationState.HELD:
                kept = (
                    " Your personal message is kept: it goes with the invitation once sent."
                    if invitation.personal_message.strip()
                    else ""
                )
                flash(
                    f"The invitation to {person_form.name.data} is held: "
                    f"{invitation.hold_reason}{kept}"
                )
            else:
                flash(f"{person_form.name.data} is invited; the e-mail is on its way.")
            return redirect(url_for(".index", slug=slug))
    return _page(dialogue, person_form, organisation_form, import_form)


@bp.route("/dialogues/<slug>/invitations/organisation", methods=["POST"])
def invite_org(slug: str):
    dialogue = load_visible(slug, current_user)
    require_dialogue("dialogue.review", dialogue)
    person_form, organisation_form, import_form = _forms(dialogue)
    if organisation_form.validate_on_submit():
        name = organisation_form.organisation.data
        if known_organisation(name) is not None and not can(current_user, "organisation.manage"):
            # accepting makes a focal point, who sees the organisation's people in every
            # dialogue: only organisers of every dialogue may hand that out for a known one
            organisation_form.organisation.errors.append(
                "Parley already knows this organisation. Ask an organiser of every dialogue to "
                "invite it or to name its focal point."
            )
            return _page(dialogue, person_form, organisation_form, import_form)
        organisation = find_or_add_organisation(name)
        invitation = invite_organisation(
            dialogue=dialogue,
            category=Category(organisation_form.category.data),
            organisation=organisation,
            email=organisation_form.email.data,
            actor=current_user._get_current_object(),
            send=send_invitation_mail,
        )
        if invitation.state == InvitationState.HELD:
            flash(f"The invitation to {organisation.name} is held: {invitation.hold_reason}")
        else:
            flash(f"{organisation.name} is invited; the e-mail is on its way.")
        return redirect(url_for(".index", slug=slug))
    return _page(dialogue, person_form, organisation_form, import_form)


@bp.route("/dialogues/<slug>/invitations/import", methods=["POST"])
def import_csv(slug: str):
    dialogue = load_visible(slug, current_user)
    require_dialogue("dialogue.review", dialogue)
    person_form, organisation_form, import_form = _forms(dialogue)
    if not import_form.validate_on_submit():
        return _page(dialogue, person_form, organisation_form, import_form)
    try:
        lines = read_invitations(import_form.file.data.read(), _category_names(dialogue))
        refuse_those_taking_part(dialogue, lines)
    except ImportRefused as refused:
        return _page(
            dialogue, person_form, organisation_form, import_form, problems=refused.problems
        )
    report = []
    for line in lines:
        try:
            invitation = _invite(dialogue, line.category, line.name, line.email, line.organisation)
        except InvitationProblem as exc:
            db_session().rollback()
            report.append((line.line, line.name, str(exc)))
        else:
            held = invitation.state == InvitationState.HELD
            report.append(
                (line.line, line.name, f"held: {invitation.hold_reason}" if held else "invited")
            )
    return _page(dialogue, *_forms(dialogue), report=report)


@bp.route("/dialogues/<slug>/invitations/<int:invitation_id>/cancel", methods=["POST"])
def cancel(slug: str, invitation_id: int):
    dialogue = load_visible(slug, current_user)
    require_dialogue("dialogue.review", dialogue)
    invitation = db_session().get(Invitation, invitation_id)
    if invitation is None or invitation.dialogue_id != dialogue.id:
        abort(404)
    if invitation.state not in (InvitationState.SENT, InvitationState.HELD):
        flash(f"This invitation was already {invitation.state.value}.")
        return redirect(url_for(".index", slug=slug))
    close_invitation(
        invitation,
        InvitationState.CANCELLED,
        actor=current_user._get_current_object(),
        reason="invitation cancelled by the organisers",
    )
    flash("The invitation is cancelled; its link no longer works.")
    return redirect(url_for(".index", slug=slug))


@bp.route("/dialogues/<slug>/invitations/<int:invitation_id>/send", methods=["POST"])
def send_again(slug: str, invitation_id: int):
    """Send a held invitation once what held it is resolved (the gate is asked again)."""
    dialogue = load_visible(slug, current_user)
    require_dialogue("dialogue.review", dialogue)
    invitation = db_session().get(Invitation, invitation_id)
    if invitation is None or invitation.dialogue_id != dialogue.id:
        abort(404)
    try:
        send_held(invitation, actor=current_user._get_current_object(), send=send_invitation_mail)
    except InvitationProblem as problem:
        db_session().rollback()
        flash(str(problem))
    else:
        if invitation.state == InvitationState.HELD:
            flash(f"The invitation is still held: {invitation.hold_reason}")
        else:
            flash("The invitation is sent; the e-mail is on its way.")
    return redirect(url_for(".index", slug=slug))
