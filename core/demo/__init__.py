"""``parley demo``: load the demo data in ``demo.toml``; running it again changes nothing."""

from __future__ import annotations

import tomllib
from datetime import datetime
from pathlib import Path
from typing import Any

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import with_appcontext

from core import migrate
from core.accounts import create_user, grant_role
from core.db import db_session, utcnow
from core.forms import to_utc
from core.hooks import hooks
from core.models import (
    Dialogue,
    DialogueCategory,
    DialogueChair,
    DialogueHost,
    DialogueStatus,
    FocalPoint,
    Invitation,
    InvitationState,
    Organisation,
    OrganisationStatus,
    Participation,
    ParticipationStatus,
    Person,
    Role,
    Series,
    User,
)
from core.participation.badges import next_badge_number

DATA = Path(__file__).with_name("demo.toml")


@click.command("demo", help="Create the database if needed and load the demo data (idempotent).")
@click.option(
    "--password",
    default="parley-demo-2025",
    show_default=True,
    help="Password of the demo accounts.",
)
@with_appcontext
def demo_command(password: str) -> None:
    migrate.upgrade(current_app)
    counts = load(tomllib.loads(DATA.read_text(encoding="utf-8")), password)
    db_session().flush()
    hooks().load_demo_data()
    db_session().commit()
    click.echo("Demo data loaded: " + ", ".join(f"{n} {k}" for k, n in counts.items()) + ".")
    click.echo(f"Sign in as organiser@parley.example or admin@parley.example, password {password}")
    click.echo(two_factor_notice(current_app.config["REQUIRE_TWO_FACTOR"]))


def two_factor_notice(required: list[str]) -> str:
    """What the demo says of two-factor authentication, which its start command turns off."""
    if not required:
        return (
            "Two-factor authentication is OFF for the demo (PARLEY_REQUIRE_TWO_FACTOR is "
            "empty): its organisers and administrators sign in with a password alone. A real "
            "instance requires it of administrators and organisers; see docs/accounts.md."
        )
    return (
        f"Two-factor authentication is required of: {', '.join(required)}. Those demo accounts "
        "are asked to set it up at their first sign-in; to try the demo without it, start "
        "Parley with PARLEY_REQUIRE_TWO_FACTOR='' (as the README's start command does)."
    )


def _one(model, **where: Any):
    return db_session().scalar(sa.select(model).filter_by(**where))


def load(data: dict[str, Any], password: str) -> dict[str, int]:
    """Create what is missing from ``data``; return how many of each were created."""
    session = db_session()
    created = dict.fromkeys(("series", "organisations", "people", "dialogues"), 0)
    for item in data["series"]:
        if _one(Series, slug=item["slug"]) is None:
            session.add(Series(**item))
            created["series"] += 1
    session.flush()
    for item in data["organisations"]:
        if _one(Organisation, name=item["name"]) is None:
            statuses = [OrganisationStatus(**s) for s in item.get("statuses", [])]
            fields = {k: v for k, v in item.items() if k != "statuses"}
            session.add(Organisation(**fields, statuses=statuses))
            created["organisations"] += 1
    session.flush()
    people = {}
    for item in data["people"]:
        fields = {k: v for k, v in item.items() if k not in ("key", "organisation")}
        org = _one(Organisation, name=item["organisation"]) if "organisation" in item else None
        person = _one(Person, name=item["name"], organisation_id=org.id if org else None)
        if person is None:
            person = Person(**fields, organisation=org)
            session.add(person)
            created["people"] += 1
        people[item["key"]] = person
    session.flush()
    for item in data["dialogues"]:
        if _one(Dialogue, slug=item["slug"]) is None:
            with session.no_autoflush:
                session.add(_dialogue(item, people))
            created["dialogues"] += 1
    session.flush()
    for item in data["dialogues"]:
        if "related" in item:
            dialogue = _one(Dialogue, slug=item["slug"])
            dialogue.related_dialogue = _one(Dialogue, slug=item["related"])
    created["categories"] = _categories(data.get("categories", []))
    _participations(data["participations"], people)
    created["invitations"] = _invitations(data.get("invitations", []), people)
    created["users"] = _users(data["users"], password)
    return created


def _categories(items: list[dict[str, Any]]) -> int:
    created = 0
    for item in items:
        dialogue = _one(Dialogue, slug=item["dialogue"])
        if _one(DialogueCategory, dialogue_id=dialogue.id, category=item["category"]) is None:
            fields = {k: v for k, v in item.items() if k != "dialogue"}
            db_session().add(DialogueCategory(dialogue_id=dialogue.id, **fields))
            created += 1
    db_session().flush()
    return created


def _participations(items: list[dict[str, Any]], people: dict[str, Person]) -> None:
    """Participations as they stand; accredited people get the next badge number."""
    session = db_session()
    for item in items:
        dialogue = _one(Dialogue, slug=item["dialogue"])
        for key in item["people"]:
            person = people[key]
            if _one(Participation, dialogue_id=dialogue.id, person_id=person.id) is not None:
                continue
            participation = Participation(
                dialogue=dialogue,
                person=person,
                organisation_id=person.organisation_id,
                category=item["category"],
                status=item["status"],
                visibility=item["visibility"],
                reason_code=item.get("reason_code", ""),
            )
            if participation.status in ("accredited", "attended"):
                participation.badge_number = next_badge_number(dialogue.id)
                participation.decided_at = dialogue.published_at
            session.add(participation)
            session.flush()


def _invitations(items: list[dict[str, Any]], people: dict[str, Person]) -> int:
    created = 0
    for item in items:
        dialogue = _one(Dialogue, slug=item["dialogue"])
        person = people[item["person"]]
        if _one(Participation, dialogue_id=dialogue.id, person_id=person.id) is not None:
            continue
        db_session().add_all(
            [
                Participation(
                    dialogue=dialogue,
                    person=person,
                    organisation_id=person.organisation_id,
                    category=item["category"],
                    status=ParticipationStatus.INVITED,
                ),
                Invitation(
                    dialogue=dialogue,
                    person=person,
                    organisation_id=person.organisation_id,
                    category=item["category"],
                    email=person.email or f"invitee-{person.id}@parley.example",
                    state=InvitationState.SENT,
                    sent_at=utcnow(),
                ),
            ]
        )
        created += 1
    db_session().flush()
    return created


def _users(items: list[dict[str, Any]], password: str) -> int:
    created = 0
    for item in items:
        if _one(User, email=item["email"]) is not None:
            continue
        user = create_user(email=item["email"], name=item["name"], password=password, verified=True)
        for grant in item["roles"]:
            dialogue = _one(Dialogue, slug=grant["dialogue"]) if "dialogue" in grant else None
            grant_role(user, Role(grant["role"]), dialogue)
        for name in item.get("focal_point_of", []):
            organisation = _one(Organisation, name=name)
            db_session().add(FocalPoint(user_id=user.id, organisation_id=organisation.id))
        created += 1
    return created


def _dialogue(item: dict[str, Any], people: dict[str, Person]) -> Dialogue:
    series = _one(Series, slug=item["series"])
    starts: datetime = item["starts"]
    ends: datetime = item["ends"]
    skip = {"series", "starts", "ends", "chairs", "hosts", "related", "status"}
    dialogue = Dialogue(
        **{k: v for k, v in item.items() if k not in skip},
        series=series,
        starts_at=to_utc(starts, item["timezone"]),
        ends_at=to_utc(ends, item["timezone"]),
        status=DialogueStatus(item["status"]),
    )
    dialogue.chairs = [
        DialogueChair(person=people[key], position=i)
        for i, key in enumerate(item.get("chairs", []))
    ]
    dialogue.hosts = [
        DialogueHost(organisation=_one(Organisation, name=name), position=i)
        for i, name in enumerate(item.get("hosts", []))
    ]
    if dialogue.status != DialogueStatus.DRAFT:
        dialogue.published_at = dialogue.starts_at
    return dialogue
