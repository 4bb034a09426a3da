"""Organisers word their dialogue's e-mails: placeholders checked when saved, filled in safely,
the facts Parley adds kept, one dialogue's wording never used for another."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import (
    AuditEvent,
    Category,
    OutboxMessage,
    ParticipationStatus,
    Role,
    Visibility,
)
from core.models.message_wording import MessageWording
from core.outbox.messages import default_wording, notify_decision, notify_waitlist_promotion
from core.outbox.wording import KINDS, PLACEHOLDERS, check, fill
from tests import factories

OTHERS = ("Canary Zaw Min Htut", "Canary Network for Burma")
ACCREDITED = KINDS["accredited"]


def refused(subject: str, body: str) -> str:
    return " ".join(p for found in check(ACCREDITED, subject, body).values() for p in found)


@pytest.mark.parametrize(
    "text", ["{name.__class__}", "{__import__}", "{0.__class__}", "{0}", "{name!r}", "{name:>9}"]
)
def test_anything_but_a_listed_placeholder_is_refused_and_named(text):
    problem = refused("About {dialogue}", f"Dear {text},")
    assert f"uses {text}, which is not a placeholder of this e-mail" in problem
    assert "{name}, {dialogue}, {when}, {where}, {role}" in problem


@pytest.mark.parametrize("text", ["Dear {name", "Dear name}", "a { b", "{a{name}"])
def test_a_brace_without_its_pair_is_refused(text):
    assert "without its pair" in refused("About {dialogue}", text)


def test_the_subject_must_name_the_dialogue():
    assert refused("Good news", "Dear {name},") == "The subject must contain {dialogue}."
    assert refused("Good news: {dialogue}", "Dear {name},") == ""


def test_empty_long_and_multi_line_texts_are_refused():
    assert "Write the message." in refused("{dialogue}", "  ")
    assert "at most 200 characters" in refused("{dialogue}" + "x" * 200, "Hi")
    assert "control characters" in refused("{dialogue}\nBcc: x@example.org", "Hi")
    assert "control characters" in refused("{dialogue}", "Hi\x00")


def test_placeholders_are_filled_in_one_pass_and_doubled_braces_are_braces():
    values = {"name": "{dialogue}", "dialogue": "CSO Forum"}
    assert fill("{{name}} is {name} at {dialogue}", values) == "{name} is {dialogue} at CSO Forum"


def test_every_default_wording_passes_its_own_check_and_is_no_template():
    for kind in KINDS.values():
        subject, body = default_wording(kind.key)
        assert check(kind, subject, body) == {"subject": [], "body": []}, kind.key
        assert "{{" not in body and "{%" not in body and "{dialogue}" in subject


def test_no_placeholder_can_name_anyone_but_the_recipient():
    # the recipient's own name, the dialogue's facts and the invitation's deadline: nothing
    # that lists or counts other participants
    assert set(PLACEHOLDERS) == {"name", "dialogue", "when", "where", "role", "deadline"}


@pytest.fixture
def two_dialogues(ctx):
    a = factories.dialogue(
        slug="a", title="7th ASEAN Human Rights Dialogue", city="Jakarta", country="Indonesia"
    )
    b = factories.dialogue(slug="b", title="CSO Forum")
    canary = factories.organisation(name=OTHERS[1])
    factories.participation(
        a,
        factories.person(name=OTHERS[0], organisation=canary),
        visibility=Visibility.ANONYMOUS,
    )
    db_session().add(
        MessageWording(
            dialogue_id=a.id,
            kind="accredited",
            subject="Welcome to {dialogue}, {name}",
            body="Dear {name},\n\nSee you in {where} as {role}. {{Braces}} stay.",
        )
    )
    db_session().flush()
    return a, b


def decided(dialogue, email: str):
    person = factories.person(name="Amina Rahman", email=email)
    p = factories.participation(
        dialogue, person, status=ParticipationStatus.ACCREDITED, category=Category.NHRI
    )
    p.badge_number = 42
    return p


def test_a_dialogues_wording_replaces_subject_and_message_and_keeps_the_facts(two_dialogues):
    a, _ = two_dialogues
    message = notify_decision(decided(a, "amina@example.org"), "Bring your passport.")
    assert message.subject == "Welcome to 7th ASEAN Human Rights Dialogue, Amina Rahman"
    assert message.body.startswith(
        "Dear Amina Rahman,\n\n"
        "See you in Jakarta, Indonesia as an NHRI representative. {Braces} stay.\n"
    )
    for fact in (
        "The organisers approved your registration.",  # no category: approval is needed
        "A note from the organisers:\nBring your passport.",
        "Your badge number is 42.",
        "  Dialogue: 7th ASEAN Human Rights Dialogue",
        "Parley sent this message automatically for the organisers of",
    ):
        assert fact in message.body
    assert "Good news" not in message.body
    for other in OTHERS:
        assert other not in message.body


def test_a_wording_of_one_dialogue_is_never_used_for_another(two_dialogues):
    _, b = two_dialogues
    message = notify_decision(decided(b, "amina@example.org"), "")
    assert message.subject == "You are accredited: CSO Forum"
    assert "Good news: you are accredited to take part in CSO Forum" in message.body


def test_a_wording_of_another_kind_is_not_used(two_dialogues):
    a, _ = two_dialogues
    p = decided(a, "amina@example.org")
    p.status = ParticipationStatus.REGISTERED
    message = notify_waitlist_promotion(p)
    assert message.subject == "A place has become free for you at 7th ASEAN Human Rights Dialogue"
    assert "If you can no longer come, please withdraw" in message.body


def test_a_stored_wording_that_no_longer_passes_falls_back_to_the_default(two_dialogues):
    a, _ = two_dialogues
    wording = db_session().scalar(sa.select(MessageWording))
    wording.body = "Dear {name.__class__}"
    message = notify_decision(decided(a, "amina@example.org"), "")
    assert message.subject == "You are accredited: 7th ASEAN Human Rights Dialogue"
    assert "class" not in message.body


# --- the organisers' pages


@pytest.fixture
def organiser(app):
    with app.app_context():
        dialogue = factories.dialogue(slug="d", title="7th ASEAN Human Rights Dialogue")
        other = factories.dialogue(slug="e", title="CSO Forum")
        user = factories.user(Role.ORGANISER, dialogue=dialogue)
        factories.user(Role.ORGANISER, dialogue=other)
        db_session().commit()
    client = app.test_client()
    factories.login(client, user)
    return client


def wordings(app) -> list[tuple]:
    with app.app_context():
        return db_session().execute(sa.select(MessageWording.kind, MessageWording.body)).all()


def audits(app) -> list[tuple]:
    with app.app_context():
        return [
            (e.action, e.details, e.dialogue_id)
            for e in db_session().scalars(
                sa.select(AuditEvent).where(AuditEvent.action == "messages.wording_changed")
            )
        ]


NEW = {"subject": "Accredited to {dialogue}", "body": "Dear {name},\n\nWelcome, {role}!"}


def test_the_list_names_each_kind_and_whether_it_is_customised(app, organiser):
    page = organiser.get("/dialogues/d/emails")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    for kind in KINDS.values():
        assert kind.title in text
    assert text.count("Default wording") == len(KINDS)
    organiser.post("/dialogues/d/emails/accredited", data=NEW)
    text = organiser.get("/dialogues/d/emails").get_data(as_text=True)
    assert text.count("Default wording") == len(KINDS) - 1 and "Customised" in text


def test_the_form_starts_from_the_default_wording_and_lists_the_placeholders(app, organiser):
    text = organiser.get("/dialogues/d/emails/invitation").get_data(as_text=True)
    assert "Invitation to {dialogue}" in text
    assert "You are invited to take part in {dialogue}." in text
    assert "{deadline}" in text and "the links to accept and to decline" in text


def test_saving_a_wording_is_audited_and_used(app, organiser):
    saved = organiser.post("/dialogues/d/emails/accredited", data=NEW)
    assert saved.status_code == 302
    assert wordings(app) == [("accredited", "Dear {name},\n\nWelcome, {role}!\n")]
    with app.app_context():
        dialogue_id = db_session().scalar(sa.select(factories.Dialogue.id).filter_by(slug="d"))
    assert audits(app) == [
        ("messages.wording_changed", {"kind": "accredited", "change": "saved"}, dialogue_id)
    ]
    text = organiser.get("/dialogues/d/emails/accredited").get_data(as_text=True)
    assert "Welcome, {role}!" in text


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ("Dear {name.__class__}", "{name.__class__}"),
        ("Dear {__import__}", "{__import__}"),
        ("Dear {name", "“{” without its pair"),
        ("Dear {deadline}", "{deadline}"),  # an invitation's, not a decision's
    ],
)
def test_a_bad_wording_is_refused_naming_the_problem_and_kept(app, organiser, body, named):
    answer = organiser.post("/dialogues/d/emails/accredited", data={**NEW, "body": body})
    text = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert named.replace("“", "&#8220;") in text or named in text
    assert f"\r\n{body}</textarea>" in text
    assert wordings(app) == [] and audits(app) == []


def test_a_subject_without_the_dialogue_is_refused(app, organiser):
    answer = organiser.post("/dialogues/d/emails/accredited", data={**NEW, "subject": "Hi"})
    assert answer.status_code == 422
    assert "The subject must contain {dialogue}." in answer.get_data(as_text=True)


def test_reset_goes_back_to_the_default_and_is_audited(app, organiser):
    organiser.post("/dialogues/d/emails/accredited", data=NEW)
    assert organiser.post("/dialogues/d/emails/accredited/reset").status_code == 302
    assert wordings(app) == []
    assert [a[1]["change"] for a in audits(app)] == ["saved", "reset"]


def test_an_unknown_kind_is_not_found(organiser):
    assert organiser.get("/dialogues/d/emails/account_verify").status_code == 404
    assert organiser.post("/dialogues/d/emails/nothing", data=NEW).status_code == 404


def test_organisers_of_another_dialogue_cannot_word_this_ones(app, organiser):
    with app.app_context():
        other = factories.user(
            Role.ORGANISER,
            dialogue=db_session().scalar(sa.select(factories.Dialogue).filter_by(slug="e")),
        )
        db_session().commit()
    client = app.test_client()
    factories.login(client, other)
    assert client.post("/dialogues/d/emails/accredited", data=NEW).status_code in (403, 404)
    assert wordings(app) == []


def test_a_sent_message_keeps_the_wording_it_was_sent_with(app, organiser):
    organiser.post("/dialogues/d/emails/accredited", data=NEW)
    with app.app_context():
        dialogue = db_session().scalar(sa.select(factories.Dialogue).filter_by(slug="d"))
        notify_decision(decided(dialogue, "amina@example.org"), "")
        db_session().commit()
    organiser.post("/dialogues/d/emails/accredited", data={**NEW, "body": "Changed, {name}."})
    with app.app_context():
        body = db_session().scalar(sa.select(OutboxMessage.body))
    assert body.startswith("Dear Amina Rahman,\n\nWelcome, an NHRI representative!\n")


def test_a_preview_shows_the_wording_among_the_facts_and_saves_nothing(app, organiser):
    page = organiser.post("/dialogues/d/emails/accredited", data={**NEW, "preview": "Preview"})
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Accredited to 7th ASEAN Human Rights Dialogue" in text
    assert "Dear Amina Rahman (example),\n\nWelcome, a CSO representative!" in text
    assert "Your badge number is 42." in text and "Parley sent this message automatically" in text
    assert "\r\nDear {name},\n\nWelcome, {role}!</textarea>" in text  # the form, as typed
    assert wordings(app) == [] and audits(app) == []


def test_a_preview_of_a_bad_wording_shows_the_problem_not_an_email(app, organiser):
    bad = {**NEW, "body": "Dear {__import__}", "preview": "Preview"}
    page = organiser.post("/dialogues/d/emails/accredited", data=bad)
    assert page.status_code == 422
    assert "Parley sent this message automatically" not in page.get_data(as_text=True)
