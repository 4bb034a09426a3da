"""The participant list is paged, ordered and counted in the database, and its CSV streamed:
the same rows, order, counts and file as the list built in Python from ``view_participation``
over every participation (the previous implementation, kept here as the oracle), at a cost in
queries that does not follow the number of people."""

from __future__ import annotations

import csv
import html
import io
import itertools
import re

import pytest
import sqlalchemy as sa

from core.db import db_session, get_engine
from core.models import (
    Category,
    Dialogue,
    FocalPoint,
    Participation,
    ParticipationStatus,
    Role,
    User,
    Visibility,
)
from core.participation import listing
from core.screened_changes import pass_change_gate
from core.visibility import TAKING_PART, Standing, Viewer, view_participation
from tests import factories

NAMES = [
    "bob Brown",
    "Álvaro Díaz",
    "alice Smith",
    "Zoë Ng",
    "Émile Roux",
    "=Formula Name",
    "Đặng Thị Mai",
    "ßtraße Person",
    "Aung San",
    "aung san",
    "Zed",
    "ÉLISE",
    "Ünal",
    "mya mya",
    "Bo Bo",
]
STATUSES = [
    ParticipationStatus.ACCREDITED,
    ParticipationStatus.ATTENDED,
    ParticipationStatus.REGISTERED,
    ParticipationStatus.ACCREDITED,
    ParticipationStatus.WITHDRAWN,
]
CATEGORIES = [Category.CSO, Category.DELEGATE, Category.NHRI, Category.PRESS]
WHO = ["visitor", "participant", "focal", "organiser"]


@pytest.fixture
def world(app):
    with app.app_context():
        dialogue = factories.dialogue(slug="d")
        other = factories.dialogue(slug="other")
        organisations = [
            factories.organisation(name="Open Org", acronym="OO"),
            factories.organisation(name="Quiet Org"),
            factories.organisation(name="Twin", acronym="T"),
            # another organisation of the same display name: named when the other one is
            factories.organisation(name="Twin (T)"),
            None,
        ]
        visibilities = itertools.cycle(Visibility)
        for i, name in enumerate(NAMES * 3):
            organisation = organisations[i % len(organisations)]
            factories.participation(
                dialogue,
                factories.person(
                    name=name,
                    honorific="H.E." if i % 7 == 0 else "",
                    email=f"p{i}@example.org",
                    organisation=organisation,
                ),
                visibility=next(visibilities),
                status=STATUSES[i % len(STATUSES)],
                category=CATEGORIES[i % len(CATEGORIES)],
                organisation=organisation,
            )
        factories.participation(other, factories.person(name="Elsewhere Person"))
        participant = factories.user()
        factories.participation(
            dialogue,
            factories.person(name="zz Own Person", user_id=participant.id),
            visibility=Visibility.ANONYMOUS,
        )
        focal = factories.user()
        db_session().add(FocalPoint(user_id=focal.id, organisation_id=organisations[1].id))
        organiser = factories.user(Role.ORGANISER, dialogue=dialogue)
        db_session().commit()
        return {"participant": participant, "focal": focal, "organiser": organiser}


def client_of(app, world, who: str):
    client = app.test_client()
    if who != "visitor":
        factories.login(client, world[who])
    return client


def expected(app, world, who: str) -> tuple[list[tuple], dict[Category, int], int]:
    """The named rows, the unnamed counts and the organisations not named, as the Python
    implementation made them."""
    with app.app_context():
        dialogue = db_session().scalar(sa.select(Dialogue).where(Dialogue.slug == "d"))
        user = db_session().get(User, world[who].id) if who != "visitor" else None
        viewer = Viewer.for_dialogue(user, dialogue)
        organiser = viewer.standing >= Standing.ORGANISER
        query = (
            sa.select(Participation)
            .where(Participation.dialogue_id == dialogue.id)
            .order_by(Participation.category, Participation.id)
        )
        if not organiser:
            query = query.where(Participation.status.in_(TAKING_PART))
        named, unnamed, shown_orgs, hidden_orgs = [], {}, set(), {}
        for p in db_session().scalars(query):
            view = view_participation(viewer, p)
            if not view.named:
                unnamed[p.category] = unnamed.get(p.category, 0) + 1
                if p.organisation is not None:
                    hidden_orgs[p.organisation_id] = p.organisation.display_name
                continue
            if view.organisation:
                shown_orgs.add(view.organisation)
            email = (p.person.email or "") if organiser else ""
            named.append(
                (view.label, view.organisation or "", p.category, p.status, p.visibility, email)
            )
        named.sort(key=lambda r: (r[2].value, r[0].casefold()))
        unnamed_orgs = sum(1 for name in hidden_orgs.values() if name not in shown_orgs)
        return named, dict(sorted(unnamed.items())), unnamed_orgs


def expected_csv(named, unnamed, *, organiser: bool, include: bool) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        ["name", "organisation", "category", "status", *(["visibility", "email"] * organiser)]
    )
    left_out = 0
    for name, organisation, category, status, visibility, email in named:
        if visibility in listing.NOT_TO_BE_NAMED and not include:
            left_out += 1
            continue
        row = [name, organisation, category.value, status.value]
        row += [visibility.value, email] if organiser else []
        writer.writerow([("'" + v if v.startswith("=") else v) for v in row])
    for category, count in unnamed.items():
        writer.writerow([f"{count} not named at their request", "", category.value, ""])
    if left_out:
        people = "1 person" if left_out == 1 else f"{left_out} people"
        writer.writerow(
            [
                f"{people} left out of this file: they asked not to be named "
                "(organisers only or anonymous)"
            ]
        )
    return out.getvalue()


def shown_names(page_html: str) -> list[str]:
    return [html.unescape(n) for n in re.findall(r"<tr><td>(.*?)</td>", page_html)]


@pytest.mark.parametrize("who", WHO)
def test_the_csv_is_streamed_and_is_the_file_it_was(app, world, who):
    named, unnamed, _orgs = expected(app, world, who)
    response = client_of(app, world, who).get("/dialogues/d/participants.csv")
    assert response.is_streamed
    assert response.headers["Cache-Control"] == "private, no-store"
    assert response.headers["Content-Disposition"] == 'attachment; filename="d-participants.csv"'
    body = response.get_data(as_text=True)
    assert body == expected_csv(named, unnamed, organiser=who == "organiser", include=False)


def test_the_organisers_csv_with_everyone_is_the_file_it_was_and_audits_the_count(app, world):
    named, unnamed, _orgs = expected(app, world, "organiser")
    response = client_of(app, world, "organiser").post(
        "/dialogues/d/participants.csv", data={"include_unnamed": "y", "reason": "Door list"}
    )
    assert response.is_streamed
    assert response.get_data(as_text=True) == expected_csv(
        named, unnamed, organiser=True, include=True
    )
    with app.app_context():
        from core.models import AuditEvent

        [event] = db_session().scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "participants.exported_unnamed")
        )
        asked = sum(1 for row in named if row[4] in listing.NOT_TO_BE_NAMED)
        assert asked > 0 and event.details == {"count": asked}


@pytest.mark.parametrize("who", WHO)
def test_the_pages_together_list_every_named_person_in_order(app, world, who, monkeypatch):
    monkeypatch.setattr(listing, "PAGE_SIZE", 4)
    named, unnamed, unnamed_orgs = expected(app, world, who)
    pages = -(-len(named) // 4)
    assert pages >= 2
    client = client_of(app, world, who)
    seen = []
    for number in range(1, pages + 1):
        text = client.get(f"/dialogues/d/participants?page={number}").get_data(as_text=True)
        assert f"Page {number} of {pages} ({len(named)} named)" in text
        assert ("Previous page" in text) == (number > 1)
        assert ("Next page" in text) == (number < pages)
        hidden = sum(unnamed.values())
        assert (f"{hidden} more participant" in text) == (hidden > 0)
        if unnamed_orgs:
            assert f"from {unnamed_orgs} organisation{'s' * (unnamed_orgs != 1)} that" in text
        else:
            assert "not named either" not in text
        seen += shown_names(text)
    assert seen == [row[0] for row in named]


@pytest.mark.parametrize(
    ("asked", "shown"), [("abc", 1), ("-2", 1), ("0", 1), ("2.5", 1), ("", 1), ("9999", "last")]
)
def test_any_page_number_reads_as_a_page(app, world, monkeypatch, asked, shown):
    monkeypatch.setattr(listing, "PAGE_SIZE", 4)
    named, _unnamed, _orgs = expected(app, world, "organiser")
    pages = -(-len(named) // 4)
    number = pages if shown == "last" else shown
    response = client_of(app, world, "organiser").get(f"/dialogues/d/participants?page={asked}")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert f"Page {number} of {pages}" in text
    assert shown_names(text) == [row[0] for row in named][(number - 1) * 4 : number * 4]


def add_people(dialogue_id: int, n: int) -> None:
    dialogue = db_session().get(Dialogue, dialogue_id)
    organisations = [factories.organisation() for _ in range(3)]
    for i in range(n):
        factories.participation(
            dialogue,
            factories.person(organisation=organisations[i % 3]),
            visibility=list(Visibility)[i % 4],
            status=STATUSES[i % len(STATUSES)],
            category=CATEGORIES[i % len(CATEGORIES)],
        )
    db_session().commit()


def queries(app, client, url: str) -> int:
    """The statements one request runs, the streamed body read to its end."""
    statements: list[str] = []

    def before(_conn, _cursor, statement, *_args):
        statements.append(statement)

    engine = get_engine(app)
    sa.event.listen(engine, "before_cursor_execute", before)
    try:
        response = client.get(url)
        assert response.status_code == 200
        response.get_data()
    finally:
        sa.event.remove(engine, "before_cursor_execute", before)
    return len(statements)


@pytest.mark.parametrize("who", ["visitor", "focal", "organiser"])
@pytest.mark.parametrize("url", ["/dialogues/big/participants", "/dialogues/big/participants.csv"])
def test_queries_do_not_grow_with_participations(app, who, url):
    with app.app_context():
        dialogue = factories.dialogue(slug="big")
        organiser = factories.user(Role.ORGANISER, dialogue=dialogue)
        focal = factories.user()
        add_people(dialogue.id, 20)
        organisation_id = db_session().scalar(
            sa.select(Participation.organisation_id).where(Participation.dialogue_id == dialogue.id)
        )
        db_session().add(FocalPoint(user_id=focal.id, organisation_id=organisation_id))
        db_session().commit()
        dialogue_id = dialogue.id
    client = app.test_client()
    if who != "visitor":
        factories.login(client, {"organiser": organiser, "focal": focal}[who])
    few = queries(app, client, url)
    with app.app_context():
        add_people(dialogue_id, 200)
    assert queries(app, client, url) == few


def test_a_renamed_person_moves_to_their_new_place_in_the_list(app):
    """The list is ordered by the folded name each person keeps (``Person.name_key``): a
    change of name or honorific moves them, as a list sorted in Python would."""
    with app.app_context():
        dialogue = factories.dialogue(slug="d")
        people = [factories.person(name=name) for name in ("Bo Bo", "Mya Mya", "Zaw Zaw")]
        for person in people:
            factories.participation(dialogue, person)
        db_session().commit()
        people[2].name = "aung zaw"
        people[0].honorific = "Ms"
        pass_change_gate(db_session(), None)
        db_session().commit()
        page = listing.participant_page(dialogue, Viewer.anonymous(dialogue.id), None)
        assert [p.name for p in page.named.items] == ["aung zaw", "Ms Bo Bo", "Mya Mya"]
