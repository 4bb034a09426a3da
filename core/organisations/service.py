"""Keeping the registry of organisations: what its pages read, and each change they make,
audited and committed."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from core import audit
from core.db import db_session
from core.models import Organisation, OrganisationKind, OrganisationStatus, User
from core.pagination import Page, paginate
from core.registry_scope import registry_scope
from core.screened_changes import passes_on_form
from core.search import matches

PAGE = 50


def get_organisation(organisation_id: int) -> Organisation | None:
    """The organisation with its statuses."""
    return db_session().get(
        Organisation, organisation_id, options=[selectinload(Organisation.statuses)]
    )


def organisations_page(
    viewer: User, *, kind: OrganisationKind | None, search: list[str], args: Mapping[str, str]
) -> tuple[Page, int]:
    """The page ``args`` asks for of the organisations in the viewer's registry scope, by name
    (of one type, whose name or acronym holds the ``search`` words, when given), and how many
    in that scope wait for a type."""
    scope = registry_scope(viewer)
    query = scope.organisations().options(selectinload(Organisation.statuses))
    if kind is not None:
        query = query.where(Organisation.kind == kind)
    if search:
        query = query.where(matches(search, Organisation.name, Organisation.acronym))
    untyped = db_session().scalar(
        scope.organisations(sa.func.count()).where(Organisation.kind == OrganisationKind.NOT_SET)
    )
    page = paginate(query.order_by(Organisation.name, Organisation.id), args, size=PAGE)
    return page, untyped


def add_status(
    organisation: Organisation,
    *,
    name: str,
    issuer: str,
    valid_from: date | None,
    expires_on: date | None,
) -> OrganisationStatus:
    """Record a status the organisation holds; ValueError when it holds it from this issuer
    already."""
    if any(s.name == name and s.issuer == issuer for s in organisation.statuses):
        raise ValueError("This organisation already holds this status from this issuer")
    status = OrganisationStatus(
        name=name, issuer=issuer, valid_from=valid_from, expires_on=expires_on
    )
    organisation.statuses.append(status)
    audit.record("organisation.status_added", organisation, status=status.name)
    db_session().commit()
    return status


def remove_status(organisation: Organisation, status: OrganisationStatus) -> None:
    organisation.statuses.remove(status)
    audit.record("organisation.status_removed", organisation, status=status.name)
    db_session().commit()


def create_organisation(details: Mapping[str, Any]) -> Organisation:
    """A new organisation with ``details`` (the columns a registry form sets)."""
    organisation = Organisation(**details)
    session = db_session()
    session.add(organisation)
    audit.record("organisation.created", organisation)
    session.commit()
    return organisation


def edit_organisation(
    organisation: Organisation, details: Mapping[str, Any], *, actor: User, reason_beside
) -> bool:
    """Change the organisation to ``details`` once the change passes screening, and commit.

    False when screening stopped it: then nothing was changed, and the form field
    ``reason_beside`` says why (a rename or move can make an organisation one a list names).
    """
    kind_before = organisation.kind
    for column, value in details.items():
        setattr(organisation, column, value)
    # a type set or changed is a decision of the organiser's: the log says from what to what
    changed = {}
    if organisation.kind != kind_before:
        changed["kind"] = [kind_before.value, organisation.kind.value]
    audit.record("organisation.edited", organisation, **changed)
    if not passes_on_form(reason_beside, actor):
        return False
    db_session().commit()
    return True
