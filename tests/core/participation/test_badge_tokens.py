"""A badge's QR code carries no participation number anyone can read: the token is sealed, the
same each time it is shown, new when the badge is reissued; a badge printed when tokens were
only signed (the number in clear) is told apart at the desk and sent to be printed again."""

from __future__ import annotations

import base64
import binascii
import json
import re

import pytest
import sqlalchemy as sa
from itsdangerous import URLSafeSerializer

from core.db import db_session
from core.models import Category, Participation, ParticipationStatus, Role, Visibility
from core.participation.badges import LEGACY_SALT, badge_token, read_token
from tests import factories

FIRST_ID = 7301  # numbers a token's random letters do not spell by chance


@pytest.fixture
def holders(app):
    """A dialogue's organiser and five accredited holders, with badge numbers, numbered from
    ``FIRST_ID``."""
    with app.app_context():
        dialogue = factories.dialogue(slug="d")
        organiser = factories.user(Role.ORGANISER, dialogue=dialogue)
        ids = []
        for n in range(1, 6):
            person = factories.person(name=f"Holder {n}")
            participation = Participation(
                id=FIRST_ID + n,
                dialogue=dialogue,
                person=person,
                category=Category.CSO,
                status=ParticipationStatus.ACCREDITED,
                visibility=Visibility.PUBLIC,
                badge_number=n,
            )
            db_session().add(participation)
            ids.append(FIRST_ID + n)
        db_session().commit()
        return organiser, ids


def _readable_numbers(token: str) -> list[int]:
    """Every number of two digits or more a reader without the key finds in ``token``: in its
    text, and in each part decoded as base64 (an itsdangerous token is base64 JSON, then a
    signature)."""
    found = [int(n) for n in re.findall(r"\d{2,}", token)]
    for part in re.split(r"[.:]", token):
        try:
            raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        except (binascii.Error, ValueError):
            continue
        text = raw.decode("latin-1")
        found += [int(n) for n in re.findall(r"\d{2,}", text)]
        try:
            data = json.loads(raw)
        except ValueError:
            continue
        found += [n for n in (data if isinstance(data, list) else [data]) if isinstance(n, int)]
    return found


def test_a_badge_token_shows_no_participation_number(app, holders):
    _organiser, ids = holders
    with app.app_context():
        tokens = {p.id: badge_token(p) for p in db_session().scalars(sa.select(Participation))}
        legacy = URLSafeSerializer(app.config["SECRET_KEY"], salt=LEGACY_SALT)
        old = legacy.dumps([ids[0], 1, 0])
    assert ids[0] in _readable_numbers(old)  # the old token: the number for anyone to read
    for pid, token in tokens.items():
        assert pid not in _readable_numbers(token), token
        assert re.fullmatch(r"[A-Za-z0-9_-]{38}", token)
    assert len(set(tokens.values())) == len(ids)


def test_a_token_is_the_same_each_time_and_new_once_the_badge_is_reissued(app, holders):
    _organiser, ids = holders
    with app.app_context():
        participation = db_session().get(Participation, ids[0])
        first = badge_token(participation)
        assert badge_token(participation) == first
        claim = read_token(first)
        assert (claim.participation_id, claim.dialogue_id, claim.version) == (
            participation.id,
            participation.dialogue_id,
            participation.token_version,
        )
        participation.token_version += 1
        assert badge_token(participation) != first
        assert read_token(first).version == participation.token_version - 1


def test_every_altered_letter_makes_a_token_nobody_s(app, holders):
    _organiser, ids = holders
    with app.app_context():
        token = badge_token(db_session().get(Participation, ids[0]))
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        for i, letter in enumerate(token):
            other = alphabet[(alphabet.index(letter) + 1) % len(alphabet)]
            assert read_token(token[:i] + other + token[i + 1 :]) is None, i
        assert read_token(token + "A") is None and read_token(token[:-1]) is None


def test_the_desk_admits_a_sealed_badge_and_sends_an_old_one_to_be_printed_again(app, holders):
    organiser, ids = holders
    desk = app.test_client()
    factories.login(desk, organiser)
    with app.app_context():
        first, second = (db_session().get(Participation, i) for i in ids[:2])
        legacy = URLSafeSerializer(app.config["SECRET_KEY"], salt=LEGACY_SALT)
        old = legacy.dumps([first.id, first.dialogue_id, first.token_version])
        new = badge_token(second)
    refused = desk.post("/dialogues/d/check-in", data={"token": old})
    assert refused.status_code == 422
    html = refused.get_data(as_text=True)
    assert "printed before Parley changed its badge codes" in html
    assert "Holder 1" not in html  # the desk is not told whose it was
    admitted = desk.post("/dialogues/d/check-in", data={"token": new})
    assert admitted.status_code == 200
    assert "Welcome, Holder 2" in admitted.get_data(as_text=True)
    with app.app_context():
        assert db_session().get(Participation, ids[0]).status == ParticipationStatus.ACCREDITED


def test_the_badge_sheet_prints_the_sealed_code(app, holders):
    organiser, _ids = holders
    desk = app.test_client()
    factories.login(desk, organiser)
    html = desk.get("/dialogues/d/badges/").get_data(as_text=True)
    with app.app_context():
        for participation in db_session().scalars(sa.select(Participation)):
            assert f'aria-label="Check-in code">{badge_token(participation)}<' in html
