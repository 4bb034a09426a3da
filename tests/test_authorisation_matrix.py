"""The authorisation matrix: every route of the URL map, by every role, by every method, with the
answer each role gets written once, in ``MATRIX``.

A route missing from the table fails the suite, so that a new route cannot ship unreviewed; an
entry for a route that no longer exists fails it too. Each entry names a policy; ``POLICIES``
says what every role gets under it: allowed, refused (403 for a signed-in user, the log-in page
for a visitor) or hidden (404). A POST is sent with an empty body: "allowed" means it was not
refused (the form again with its errors, a redirect, a 400 or a 409; never a 500), "refused"
means refused and nothing in the database changed.

The world (``tests/authorisation.py``) is the visibility canary's: dialogue ``d`` with its
participant, chair, rapporteur and organiser, an organiser of dialogue ``e``, a focal point of an
organisation other than the canary's, an administrator; every URL argument names a record of
dialogue ``d`` or of the canary (their participation, organisation, person, account...).

Holes found in code others are finishing are in ``HOLES``: the table keeps the answer the route
should give, and a strict xfail test per hole shows it is still open.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import Dialogue, DialogueStatus
from tests.authorisation import (
    ADMINISTRATOR,
    CANARY,
    CHAIR,
    FOCAL_POINT,
    ORGANISER,
    OTHER_ORGANISER,
    PARTICIPANT,
    RAPPORTEUR,
    ROLES,
    VISITOR,
    Outcome,
    answer,
    build,
    fingerprint,
    routes,
    signed_in,
    url,
)

A, R, H = Outcome.ALLOWED, Outcome.REFUSED, Outcome.HIDDEN


def policy(allowed=(), hidden=(), hidden_from_visitor=False) -> dict[str, Outcome]:
    """``allowed`` roles get in, ``hidden`` ones get 404, everyone else is refused."""
    table = {role: A if role in allowed else H if role in hidden else R for role in ROLES}
    if hidden_from_visitor:
        table[VISITOR] = H
    return table


SIGNED = set(ROLES) - {VISITOR}
NOT_ORGANISERS = {PARTICIPANT, FOCAL_POINT, RAPPORTEUR, CHAIR, OTHER_ORGANISER}

POLICIES = {
    # anyone, signed in or not
    "PUBLIC": policy(ROLES),
    # anyone holding the link (an invitation, a personal calendar)
    "TOKEN": policy(ROLES),
    # any signed-in user, about their own account or registration
    "SIGNED_IN": policy(SIGNED),
    # the signed-in user's own participation in the dialogue: nobody else's exists for them
    "OWN_PARTICIPATION": policy(
        {PARTICIPANT}, hidden=SIGNED - {PARTICIPANT}, hidden_from_visitor=True
    ),
    # the canary's own participation: its person and the dialogue's organisers; hidden from others
    "PARTICIPATION_OR_ORGANISER": policy({ORGANISER, ADMINISTRATOR}, hidden=NOT_ORGANISERS),
    # a delegation: the organisation's own focal points alone (none of the roles here)
    "FOCAL_POINT": policy((), hidden=SIGNED),
    # the dialogue's organisers: registrations, accreditation, screening, check-in, reports
    "DIALOGUE_REVIEW": policy({ORGANISER, ADMINISTRATOR}),
    # the dialogue's organisers: its settings, categories, invitations, programme
    "DIALOGUE_EDIT": policy({ORGANISER, ADMINISTRATOR}),
    # the dialogue's rapporteurs, chairs and organisers: minutes, recommendations, follow-up
    "DRAFTER": policy({RAPPORTEUR, CHAIR, ORGANISER, ADMINISTRATOR}),
    # the dialogue's chairs alone approve its minutes (an approval is personal)
    "APPROVER": policy({CHAIR}),
    # organisers of every dialogue: series, dialogues, the registry of organisations and people,
    # non-engagement lists
    "GLOBAL_ORGANISER": policy({ADMINISTRATOR}),
    # administrators: users and roles
    "ADMIN": policy({ADMINISTRATOR}),
    # organisers of any dialogue (each reads its own dialogues' entries) and administrators
    "ANY_ORGANISER": policy({ORGANISER, OTHER_ORGANISER, ADMINISTRATOR}),
}

# fmt: off
MATRIX = {
    # --- public pages, feeds and files
    "GET /": "PUBLIC",
    "GET /static/<path:filename>": "PUBLIC",
    "GET /series/": "PUBLIC",
    "GET /series/<slug>": "PUBLIC",
    "GET /dialogues/<slug>": "PUBLIC",
    "GET /dialogues/<slug>/participants": "PUBLIC",  # as visibility allows
    "GET /dialogues/<slug>/participants.csv": "PUBLIC",  # as visibility allows
    "POST /dialogues/<slug>/participants.csv": "DIALOGUE_REVIEW",  # with the unnamed, audited
    "GET /vetting/template.csv": "PUBLIC",
    # --- accounts
    "GET /login": "PUBLIC",  # a signed-in user is sent home
    "POST /login": "PUBLIC",
    "GET /signup": "PUBLIC",
    "POST /signup": "PUBLIC",
    "POST /logout": "SIGNED_IN",
    "GET /forgot-password": "PUBLIC",
    "POST /forgot-password": "PUBLIC",  # the same answer for any address
    "GET /reset-password": "TOKEN",  # without a link's token: sent to ask for one
    "POST /reset-password": "TOKEN",
    "GET /verify-email": "TOKEN",
    "GET /verify-email/resend": "PUBLIC",
    "POST /verify-email/resend": "PUBLIC",  # the signed-in account's own, or an address typed
    "GET /account": "SIGNED_IN",
    "GET /account/password": "SIGNED_IN",
    "POST /account/password": "SIGNED_IN",
    "GET /account/email": "SIGNED_IN",
    "POST /account/email": "SIGNED_IN",
    "GET /account/confirm-email": "TOKEN",
    "POST /account/sign-out-everywhere": "SIGNED_IN",  # this browser stays signed in
    "GET /login/two-factor": "PUBLIC",  # the second step of a sign-in; a plain page without one
    "POST /login/two-factor": "PUBLIC",
    "GET /account/two-factor": "SIGNED_IN",
    "POST /account/two-factor": "SIGNED_IN",
    "POST /account/two-factor/recovery-codes": "SIGNED_IN",
    "POST /account/two-factor/disable": "SIGNED_IN",
    "GET /account/data": "SIGNED_IN",
    "GET /account/data.json": "SIGNED_IN",
    "GET /account/erase": "SIGNED_IN",
    "POST /account/erase": "SIGNED_IN",
    # --- users and roles
    "GET /admin/users/": "ADMIN",
    "GET /admin/users/new": "ADMIN",
    "POST /admin/users/new": "ADMIN",
    "GET /admin/users/<int:user_id>": "ADMIN",
    "POST /admin/users/<int:user_id>": "ADMIN",
    "POST /admin/users/<int:user_id>/active": "ADMIN",
    "POST /admin/users/<int:user_id>/grants/<int:grant_id>/revoke": "ADMIN",
    "POST /admin/users/<int:user_id>/sign-out": "ADMIN",
    "GET /admin/users/<int:user_id>/two-factor/reset": "ADMIN",
    "POST /admin/users/<int:user_id>/two-factor/reset": "ADMIN",
    "GET /admin/outbox/": "ADMIN",  # messages hold personal data and reset links
    "GET /admin/outbox/<int:message_id>": "ADMIN",  # audited
    "GET /audit": "ANY_ORGANISER",  # the entries of their dialogues; all for administrators
    "GET /audit.csv": "ANY_ORGANISER",
    # --- series and dialogues
    "GET /series/new": "GLOBAL_ORGANISER",
    "POST /series/new": "GLOBAL_ORGANISER",
    "GET /series/<slug>/edit": "GLOBAL_ORGANISER",
    "POST /series/<slug>/edit": "GLOBAL_ORGANISER",
    "GET /dialogues/new": "GLOBAL_ORGANISER",
    "POST /dialogues/new": "GLOBAL_ORGANISER",
    "GET /dialogues/<slug>/edit": "DIALOGUE_EDIT",
    "POST /dialogues/<slug>/edit": "DIALOGUE_EDIT",
    "POST /dialogues/<slug>/status": "DIALOGUE_EDIT",
    "GET /dialogues/<slug>/categories/": "DIALOGUE_EDIT",
    "GET /dialogues/<slug>/categories/new": "DIALOGUE_EDIT",
    "POST /dialogues/<slug>/categories/new": "DIALOGUE_EDIT",
    "GET /dialogues/<slug>/categories/<int:category_id>/edit": "DIALOGUE_EDIT",
    "POST /dialogues/<slug>/categories/<int:category_id>/edit": "DIALOGUE_EDIT",
    # --- the registry of organisations and people
    "GET /organisations/": "GLOBAL_ORGANISER",
    "GET /organisations/new": "GLOBAL_ORGANISER",
    "POST /organisations/new": "GLOBAL_ORGANISER",
    "GET /organisations/<int:organisation_id>": "GLOBAL_ORGANISER",
    "POST /organisations/<int:organisation_id>": "GLOBAL_ORGANISER",
    "GET /organisations/<int:organisation_id>/edit": "GLOBAL_ORGANISER",
    "POST /organisations/<int:organisation_id>/edit": "GLOBAL_ORGANISER",
    "POST /organisations/<int:organisation_id>/statuses/<int:status_id>/delete": "GLOBAL_ORGANISER",
    "POST /organisations/<int:organisation_id>/focal-points": "GLOBAL_ORGANISER",
    "POST /organisations/<int:organisation_id>/focal-points/<int:focal_point_id>/remove": "GLOBAL_ORGANISER",  # noqa: E501
    "GET /people/": "GLOBAL_ORGANISER",
    "GET /people/new": "GLOBAL_ORGANISER",
    "POST /people/new": "GLOBAL_ORGANISER",
    "GET /people/<int:person_id>": "GLOBAL_ORGANISER",
    "GET /people/<int:person_id>/edit": "GLOBAL_ORGANISER",
    "POST /people/<int:person_id>/edit": "GLOBAL_ORGANISER",
    "GET /people/<int:person_id>/data.json": "GLOBAL_ORGANISER",
    "GET /people/<int:person_id>/erase": "GLOBAL_ORGANISER",
    "POST /people/<int:person_id>/erase": "GLOBAL_ORGANISER",
    # --- invitations, registration, review, badges, check-in, withdrawal
    "GET /dialogues/<slug>/invitations/": "DIALOGUE_EDIT",
    "POST /dialogues/<slug>/invitations/person": "DIALOGUE_EDIT",
    "POST /dialogues/<slug>/invitations/organisation": "DIALOGUE_EDIT",
    "POST /dialogues/<slug>/invitations/import": "DIALOGUE_EDIT",
    "POST /dialogues/<slug>/invitations/<int:invitation_id>/send": "DIALOGUE_EDIT",
    "POST /dialogues/<slug>/invitations/<int:invitation_id>/cancel": "DIALOGUE_EDIT",
    "GET /dialogues/<slug>/emails": "DIALOGUE_EDIT",
    "GET /dialogues/<slug>/emails/<kind>": "DIALOGUE_EDIT",
    "POST /dialogues/<slug>/emails/<kind>": "DIALOGUE_EDIT",
    "POST /dialogues/<slug>/emails/<kind>/reset": "DIALOGUE_EDIT",
    "GET /invitations/<token>": "TOKEN",
    "POST /invitations/<token>": "TOKEN",
    "GET /dialogues/<slug>/register": "SIGNED_IN",
    "POST /dialogues/<slug>/register": "SIGNED_IN",
    "POST /dialogues/<slug>/register/self": "SIGNED_IN",
    "GET /dialogues/<slug>/delegations/<int:organisation_id>": "FOCAL_POINT",
    "POST /dialogues/<slug>/delegations/<int:organisation_id>": "FOCAL_POINT",
    "GET /dialogues/<slug>/review/": "DIALOGUE_REVIEW",
    "POST /dialogues/<slug>/review/": "DIALOGUE_REVIEW",
    "GET /dialogues/<slug>/badges/": "DIALOGUE_REVIEW",
    "GET /dialogues/<slug>/badges/<int:participation_id>": "PARTICIPATION_OR_ORGANISER",
    "GET /dialogues/<slug>/check-in": "DIALOGUE_REVIEW",
    "POST /dialogues/<slug>/check-in": "DIALOGUE_REVIEW",
    "POST /dialogues/<slug>/check-in/people/<int:participation_id>": "DIALOGUE_REVIEW",
    "POST /dialogues/<slug>/check-in/mode": "DIALOGUE_REVIEW",
    "GET /dialogues/<slug>/participations/<int:participation_id>/withdraw": "PARTICIPATION_OR_ORGANISER",  # noqa: E501
    "POST /dialogues/<slug>/participations/<int:participation_id>/withdraw": "PARTICIPATION_OR_ORGANISER",  # noqa: E501
    "GET /dialogues/<slug>/withdrawals": "DIALOGUE_REVIEW",
    "GET /dialogues/<slug>/participations/<int:participation_id>/visibility": "PARTICIPATION_OR_ORGANISER",  # noqa: E501
    "POST /dialogues/<slug>/participations/<int:participation_id>/visibility": "PARTICIPATION_OR_ORGANISER",  # noqa: E501
    "GET /dialogues/<slug>/your-participation": "SIGNED_IN",
    # --- vetting (plugin)
    "GET /dialogues/<slug>/screening": "DIALOGUE_REVIEW",
    "GET /dialogues/<slug>/screening/findings/<int:finding_id>": "DIALOGUE_REVIEW",
    "POST /dialogues/<slug>/screening/findings/<int:finding_id>": "DIALOGUE_REVIEW",
    "GET /vetting/lists/": "GLOBAL_ORGANISER",
    "POST /vetting/lists/": "GLOBAL_ORGANISER",
    "GET /vetting/lists/<int:list_id>": "GLOBAL_ORGANISER",
    "POST /vetting/lists/<int:list_id>/active": "GLOBAL_ORGANISER",
    "POST /vetting/lists/<int:list_id>/import": "GLOBAL_ORGANISER",
    "GET /vetting/lists/<int:list_id>/entries/new": "GLOBAL_ORGANISER",
    "POST /vetting/lists/<int:list_id>/entries/new": "GLOBAL_ORGANISER",
    "GET /vetting/lists/<int:list_id>/entries/<int:entry_id>": "GLOBAL_ORGANISER",
    "POST /vetting/lists/<int:list_id>/entries/<int:entry_id>": "GLOBAL_ORGANISER",
    "POST /vetting/lists/<int:list_id>/entries/<int:entry_id>/remove": "GLOBAL_ORGANISER",
    "GET /vetting/lists/<int:list_id>/versions/<int:number>": "GLOBAL_ORGANISER",
    "POST /vetting/rescreen": "GLOBAL_ORGANISER",
    "GET /vetting/screenings/<int:screening_id>": "GLOBAL_ORGANISER",
    # --- sessions (plugin)
    "GET /dialogues/<slug>/programme": "PUBLIC",
    "GET /dialogues/<slug>/programme.ics": "PUBLIC",
    "GET /dialogues/<slug>/programme/releases": "PUBLIC",
    "GET /dialogues/<slug>/programme/sessions/<int:session_id>": "PUBLIC",
    "GET /dialogues/<slug>/programme/sessions/<int:session_id>.ics": "PUBLIC",
    "GET /series/<series_slug>/programme.ics": "PUBLIC",
    "GET /calendar/<feed_token>.ics": "TOKEN",
    "POST /dialogues/<slug>/programme/my-calendar": "OWN_PARTICIPATION",
    "POST /dialogues/<slug>/programme/my-calendar/revoke": "OWN_PARTICIPATION",
    "GET /dialogues/<slug>/programme/manage": "DIALOGUE_EDIT",
    "POST /dialogues/<slug>/programme/release": "DIALOGUE_EDIT",
    "GET /dialogues/<slug>/programme/sessions/new": "DIALOGUE_EDIT",
    "POST /dialogues/<slug>/programme/sessions/new": "DIALOGUE_EDIT",
    "GET /dialogues/<slug>/programme/sessions/<int:session_id>/edit": "DIALOGUE_EDIT",
    "POST /dialogues/<slug>/programme/sessions/<int:session_id>/edit": "DIALOGUE_EDIT",
    "POST /dialogues/<slug>/programme/sessions/<int:session_id>/cancel": "DIALOGUE_EDIT",
    "POST /dialogues/<slug>/programme/sessions/<int:session_id>/reinstate": "DIALOGUE_EDIT",
    "GET /dialogues/<slug>/programme/sessions/<int:session_id>/delete": "DIALOGUE_EDIT",
    "POST /dialogues/<slug>/programme/sessions/<int:session_id>/delete": "DIALOGUE_EDIT",
    # --- minutes (plugin)
    "GET /minutes/static/<path:filename>": "PUBLIC",
    "GET /outcomes": "PUBLIC",
    "GET /outcomes/feed.atom": "PUBLIC",
    "GET /dialogues/<slug>/outcome": "PUBLIC",
    "GET /dialogues/<slug>/outcome/versions/<int:number>": "PUBLIC",
    "GET /dialogues/<slug>/outcome/diff": "PUBLIC",
    "GET /dialogues/<slug>/outcome.html": "PUBLIC",
    "GET /dialogues/<slug>/outcome.json": "PUBLIC",
    "GET /dialogues/<slug>/outcome.md": "PUBLIC",
    "GET /dialogues/<slug>/outcome/versions/<int:number>/public.md": "PUBLIC",
    "GET /dialogues/<slug>/recommendations/<int:recommendation_id>": "PUBLIC",
    "GET /series/<series_slug>/scorecard": "PUBLIC",
    "GET /series/<series_slug>/scorecard.csv": "PUBLIC",
    "GET /series/<series_slug>/scorecard.json": "PUBLIC",
    "GET /dialogues/<slug>/minutes": "DRAFTER",
    "GET /dialogues/<slug>/minutes/preview": "DRAFTER",
    "GET /dialogues/<slug>/minutes/edit": "DRAFTER",
    "POST /dialogues/<slug>/minutes/edit": "DRAFTER",
    "GET /dialogues/<slug>/minutes/sessions/<int:session_id>/edit": "DRAFTER",
    "POST /dialogues/<slug>/minutes/sessions/<int:session_id>/edit": "DRAFTER",
    "GET /dialogues/<slug>/minutes/documents/<int:document_id>/revisions": "DRAFTER",
    "GET /dialogues/<slug>/minutes/recommendations/new": "DRAFTER",
    "POST /dialogues/<slug>/minutes/recommendations/new": "DRAFTER",
    "GET /dialogues/<slug>/minutes/recommendations/<int:recommendation_id>/edit": "DRAFTER",
    "POST /dialogues/<slug>/minutes/recommendations/<int:recommendation_id>/edit": "DRAFTER",
    "GET /dialogues/<slug>/recommendations/<int:recommendation_id>/follow-up": "DRAFTER",
    "POST /dialogues/<slug>/recommendations/<int:recommendation_id>/follow-up": "DRAFTER",
    "POST /dialogues/<slug>/minutes/approve": "APPROVER",
    "POST /dialogues/<slug>/minutes/publish": "DRAFTER",  # once every approver has approved
}
# fmt: on

# POSTs that change what later requests see, sent last and in this order
LAST = (
    "POST /dialogues/<slug>/invitations/<int:invitation_id>/cancel",
    "POST /dialogues/<slug>/programme/sessions/<int:session_id>/cancel",
    "POST /dialogues/<slug>/programme/sessions/<int:session_id>/reinstate",
    "POST /dialogues/<slug>/programme/sessions/<int:session_id>/delete",
    "POST /vetting/lists/<int:list_id>/entries/<int:entry_id>/remove",
    "POST /vetting/lists/<int:list_id>/active",
    "POST /organisations/<int:organisation_id>/focal-points/<int:focal_point_id>/remove",
    "POST /organisations/<int:organisation_id>/statuses/<int:status_id>/delete",
    "POST /admin/users/<int:user_id>/grants/<int:grant_id>/revoke",
    "POST /admin/users/<int:user_id>/active",
    "POST /admin/users/<int:user_id>/sign-out",  # ends that account's sessions
    "POST /admin/users/<int:user_id>/two-factor/reset",
    "POST /account/sign-out-everywhere",
    "POST /logout",
)

# Holes in plugins others are finishing: (route, role) -> what is wrong. The table above keeps
# what the route should answer; test_hole shows each is still open (strict xfail).
HOLES: dict[str, tuple[str, frozenset[str]]] = {}


def order(key: str) -> tuple:
    method = key.split(" ", 1)[0]
    return (method != "GET", LAST.index(key) if key in LAST else -1, key)


def expected(key: str, role: str) -> Outcome:
    return POLICIES[MATRIX[key]][role]


def send(app, client, method: str, rule, values, guard: bool):
    """Send one request: its (closed) response, and whether it changed the database, when
    ``guard`` asks."""
    before = fingerprint(app) if guard else None
    with client.open(url(rule, values), method=method) as response:
        pass
    return response, before is not None and fingerprint(app) != before


def without_holes(keys, role: str) -> list[str]:
    return [key for key in keys if role not in HOLES.get(key, ("", ()))[1]]


def check(app, client, role: str, keys, values) -> list[str]:
    """Send each request as ``role``; the cells whose answer is not the table's."""
    found = routes(app)
    wrong = []
    for key in keys:
        method, rule = found[key]
        want = expected(key, role)
        guard = method != "GET" and want is not Outcome.ALLOWED
        response, changed = send(app, client, method, rule, values, guard)
        if not answer(want, role, method, response):
            where = response.headers.get("Location", "")
            wrong.append(f"{key}: {role} expected {want}, got {response.status_code} {where}")
        elif changed:
            wrong.append(f"{key}: {role} was refused but the database changed")
    return wrong


def test_every_route_is_in_the_table_and_every_entry_is_a_route(app):
    in_map = set(routes(app))
    assert sorted(in_map - set(MATRIX)) == [], "routes missing from MATRIX: review them"
    assert sorted(set(MATRIX) - in_map) == [], "MATRIX entries for routes that do not exist"
    assert set(MATRIX.values()) <= set(POLICIES)
    assert set(LAST) <= set(MATRIX) and set(HOLES) <= set(MATRIX)
    for policy_table in POLICIES.values():
        assert set(policy_table) == set(ROLES)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_answer_of_the_table(make_app, role):
    app = make_app(RATELIMIT_ENABLED=False)
    users, values = build(app)
    client = signed_in(app, users, values, role)
    wrong = check(app, client, role, sorted(without_holes(routes(app), role), key=order), values)
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    "key",
    [
        pytest.param(key, marks=pytest.mark.xfail(strict=True, reason=reason))
        for key, (reason, _roles) in HOLES.items()
    ],
)
def test_hole(make_app, key):
    app = make_app(RATELIMIT_ENABLED=False)
    users, values = build(app)
    wrong = []
    for role in sorted(HOLES[key][1]):
        wrong += check(app, signed_in(app, users, values, role), role, [key], values)
    assert not wrong, "\n".join(wrong)


# URL arguments that name a record of one dialogue
RECORD_ARGUMENTS = {
    "participation_id",
    "category_id",
    "invitation_id",
    "session_id",
    "finding_id",
    "recommendation_id",
    "document_id",
    "number",
}


def test_an_organiser_reaches_no_record_of_another_dialogue_through_their_own(make_app):
    """The organiser of ``e`` asks for the records of ``d`` under ``/dialogues/e/...``."""
    app = make_app(RATELIMIT_ENABLED=False)
    users, values = build(app)
    client = signed_in(app, users, values, OTHER_ORGANISER)
    values = dict(values, slug="e")
    checked, wrong = 0, []
    for key, (method, rule) in sorted(routes(app).items(), key=lambda item: order(item[0])):
        if not rule.rule.startswith("/dialogues/<slug>/") or not (
            RECORD_ARGUMENTS & set(rule.arguments)
        ):
            continue
        response, changed = send(app, client, method, rule, values, guard=True)
        if response.status_code != 404:
            wrong.append(f"{key}: {response.status_code}")
        elif changed:
            wrong.append(f"{key}: the database changed")
        checked += 1
    assert checked > 20
    assert not wrong, "\n".join(wrong)


def test_a_draft_dialogue_is_hidden_from_everyone_but_its_organisers(make_app):
    """Every route of a draft dialogue answers 404 (a visitor may be sent to log in first, which
    says nothing about the dialogue); its organisers get what the table says."""
    app = make_app(RATELIMIT_ENABLED=False)
    users, values = build(app)
    with app.app_context():
        draft = db_session().scalar(sa.select(Dialogue).where(Dialogue.slug == "d"))
        draft.status = DialogueStatus.DRAFT
        db_session().commit()
    found = routes(app)
    keys = sorted(
        (key for key, (_m, rule) in found.items() if rule.rule.startswith("/dialogues/<")),
        key=order,
    )
    wrong = []
    for role in ROLES:
        client = signed_in(app, users, values, role)
        if role in (ORGANISER, ADMINISTRATOR):
            wrong += check(app, client, role, without_holes(keys, role), values)
            continue
        for key in keys:
            method, rule = found[key]
            response, changed = send(app, client, method, rule, values, guard=method != "GET")
            location = response.headers.get("Location", "").split("?")[0]
            hidden = response.status_code == 404 or (
                role == VISITOR and response.status_code == 302 and location.endswith("/login")
            )
            if not hidden:
                wrong.append(f"{key}: {role} got {response.status_code} {location}")
            elif changed:
                wrong.append(f"{key}: {role} was refused but the database changed")
    assert not wrong, "\n".join(wrong)


def test_a_participation_is_open_to_its_own_person(make_app):
    """What ``PARTICIPATION_OR_ORGANISER`` grants the participation's person (the canary)."""
    app = make_app(RATELIMIT_ENABLED=False)
    users, values = build(app)
    client = signed_in(app, users, values, CANARY)
    found = routes(app)
    keys = (k for k, policy in MATRIX.items() if policy == "PARTICIPATION_OR_ORGANISER")
    for key in sorted(keys, key=order):
        method, rule = found[key]
        with client.open(url(rule, values), method=method) as response:
            assert answer(Outcome.ALLOWED, PARTICIPANT, method, response), (
                f"{key}: {response.status_code}"
            )


@pytest.mark.parametrize("role", [CHAIR, RAPPORTEUR])
def test_a_chair_or_rapporteur_drafts_only_their_own_dialogue(make_app, role):
    """Their grant is for ``d``: under ``/dialogues/e/...`` they are refused like anyone else."""
    app = make_app(RATELIMIT_ENABLED=False)
    users, values = build(app)
    client = signed_in(app, users, values, role)
    values = dict(values, slug="e")
    wrong = []
    for key, (method, rule) in sorted(routes(app).items(), key=lambda item: order(item[0])):
        if MATRIX[key] not in ("DRAFTER", "DIALOGUE_EDIT", "DIALOGUE_REVIEW"):
            continue
        if set(rule.arguments) != {"slug"}:
            continue
        response, changed = send(app, client, method, rule, values, guard=method != "GET")
        if response.status_code != 403:
            wrong.append(f"{key}: {role} got {response.status_code}")
        elif changed:
            wrong.append(f"{key}: {role} was refused but the database changed")
    assert not wrong, "\n".join(wrong)
