"""A canary: an anonymous participant with a unique name and organisation must not appear in
any response a non-organiser can fetch, on any route of the application, and every page the
authorisation matrix lets them in to is really served to them.

The URLs are the authorisation matrix's (``tests/authorisation.py``: ``url``, ``ARGUMENTS``,
``QUERIES``), its world is the canary's (``tests/canary_world.py``, with each plugin's
``tests/plugins/<name>/canary.py``), and what each viewer may open is ``MATRIX`` and
``POLICIES`` of ``tests/test_authorisation_matrix.py``. So a route is proven on the page it
serves, not on a 404: where the matrix says a viewer is allowed in, the answer must be a 200,
or a redirect listed in ``REDIRECTS`` with its reason. A new route is checked without anyone
remembering to, once the matrix has its entry.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field, replace
from urllib.parse import unquote

import pytest
from flask import Flask, request

from core.visibility import Standing
from tests.authorisation import (
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
    build,
    routes,
    signed_in,
    url,
)
from tests.canary_world import CANARY_EMAIL, CANARY_NAME, CANARY_ORG, SECRETS
from tests.test_authorisation_matrix import HOLES, MATRIX, expected

# everyone who must never see the canary: all but the dialogue's organisers and administrators
VIEWERS = (VISITOR, PARTICIPANT, FOCAL_POINT, RAPPORTEUR, CHAIR, OTHER_ORGANISER)
ALL = frozenset(ROLES)
SIGNED_IN = ALL - {VISITOR}

# GET routes whose allowed answer is a redirect: route -> (for whom, where to, why)
REDIRECTS: dict[str, tuple[frozenset[str], str, str]] = {
    "GET /login": (SIGNED_IN, "/", "a signed-in user has nothing to sign in to: sent home"),
    "GET /signup": (SIGNED_IN, "/", "a signed-in user has an account already: sent home"),
    "GET /login/two-factor": (SIGNED_IN, "/", "a signed-in user is past the second step"),
    # the pages of e-mailed links, opened without a link's token: sent to ask for a link
    "GET /reset-password": (ALL, "/forgot-password", "no reset link: sent to ask for one"),
    "GET /verify-email": (ALL, "/verify-email/resend", "no link: sent to ask for another"),
    "GET /account/confirm-email": (ALL, "/account/email", "no link: sent to change again"),
}

# every calendar and feed, the series page, the outcome diff between two published versions:
# route -> what each viewer must find there, proof that the page carries the canary's record
# (as a description, "a CSO representative", never as a name)
WITNESSES = {
    "GET /dialogues/<slug>/outcome/diff": (
        "a CSO representative, who spoke at length.",
        "a CSO representative, who spoke at length and answered questions.",
    ),
    "GET /dialogues/<slug>/outcome": ("Put forward by: a CSO representative",),
    "GET /dialogues/<slug>/outcome.json": ("Put forward by: a CSO representative",),
    "GET /dialogues/<slug>/outcome.md": ("Put forward by: a CSO representative",),
    "GET /dialogues/<slug>/outcome.html": ("Put forward by: a CSO representative",),
    "GET /outcomes/feed.atom": ("/dialogues/d/outcome/versions/2",),
    "GET /series/<slug>": ('href="/dialogues/d"',),
    "GET /series/<series_slug>/scorecard": ("The dialogue",),
    "GET /series/<series_slug>/scorecard.json": ('"recommendations": 1',),
    "GET /series/<series_slug>/scorecard.csv": ("d,The dialogue",),
    "GET /dialogues/<slug>/programme.ics": ("Speakers: a CSO representative; Open Participant",),
    "GET /dialogues/<slug>/programme/sessions/<int:session_id>.ics": (
        "Speakers: a CSO representative; Open Participant",
    ),
    "GET /calendar/<feed_token>.ics": ("Speakers: a CSO representative; Open Participant",),
    "GET /series/<series_slug>/programme.ics": ("SUMMARY:The dialogue",),
    "GET /dialogues/<slug>/participants.csv": ("Open Participant",),
}
FEED_ENDINGS = (".ics", ".atom", ".json", ".csv")


def readable(body: str) -> str:
    """``body`` as a reader gets it: iCalendar lines unfolded and unescaped, HTML entities
    and URL escapes decoded, so that a name folded over two lines is still found."""
    unfolded = re.sub(r"\r?\n[ \t]", "", body)
    unescaped = re.sub(r"\\([,;\\nN])", lambda m: "\n" if m[1] in "nN" else m[1], unfolded)
    return unquote(html.unescape(unescaped))


@dataclass
class Sweep:
    """What one viewer got from every GET route."""

    served: list[str] = field(default_factory=list)  # answered 200
    allowed: list[str] = field(default_factory=list)  # the matrix lets the viewer in
    redirected: list[str] = field(default_factory=list)  # an allowed, listed redirect
    wrong: list[str] = field(default_factory=list)


def get_routes(app: Flask) -> list[tuple[str, object]]:
    found = routes(app)
    missing = sorted(key for key in found if key not in MATRIX)
    assert not missing, f"add these routes to MATRIX (test_authorisation_matrix.py): {missing}"
    return sorted((key, rule) for key, (method, rule) in found.items() if method == "GET")


def sweep(app: Flask, users: dict, values: dict, viewer: str) -> Sweep:
    """Fetch every GET route as ``viewer``; what was served, and what was wrong."""
    client = signed_in(app, users, values, viewer)
    result = Sweep()
    for key, rule in get_routes(app):
        link = url(rule, values)
        with client.get(link) as response:
            body = response.get_data(as_text=True)
        location = response.headers.get("Location", "")
        seen = body + "\n" + readable(body) + "\n" + unquote(location)
        for secret in SECRETS:
            if secret in seen:
                result.wrong.append(f"{key}: {viewer} sees {secret!r} at {link}")
        if response.status_code == 200:
            result.served.append(key)
            for witness in WITNESSES.get(key, ()):
                if witness not in readable(body):
                    result.wrong.append(f"{key}: {viewer} does not find {witness!r} at {link}")
        if expected(key, viewer) is not Outcome.ALLOWED or viewer in HOLES.get(key, ("", ()))[1]:
            continue
        result.allowed.append(key)
        whom, target, _why = REDIRECTS.get(key, (frozenset(), "", ""))
        if viewer in whom:
            result.redirected.append(key)
            if response.status_code != 302 or location.split("?")[0] != target:
                result.wrong.append(
                    f"{key}: {viewer} should be sent to {target}, got "
                    f"{response.status_code} {location}"
                )
        elif response.status_code != 200:
            result.wrong.append(
                f"{key}: the matrix lets {viewer} in, but {link} answers "
                f"{response.status_code} {location}"
            )
    return result


@pytest.fixture
def world(make_app):
    app = make_app(RATELIMIT_ENABLED=False)
    users, values = build(app)
    return app, users, values


@pytest.mark.parametrize("viewer", VIEWERS)
def test_the_canary_appears_in_no_response(world, viewer):
    app, users, values = world
    result = sweep(app, users, values, viewer)
    assert not result.wrong, "\n".join(result.wrong)
    # pages served, not routes visited: every allowed GET route answered 200 but the redirects
    assert len(result.served) == len(result.allowed) - len(result.redirected), sorted(
        set(result.served) ^ (set(result.allowed) - set(result.redirected))
    )
    # the calendars, feeds, series page and outcome diff were served, with the canary's record
    assert set(WITNESSES) <= set(result.served), sorted(set(WITNESSES) - set(result.served))


def test_every_calendar_and_feed_is_witnessed(app):
    """A new public calendar or feed (``.ics``, ``.atom``, ``.json``, ``.csv``) is added to
    ``WITNESSES`` with what proves it carries the canary's record, or to the list below."""
    not_about_the_canary = {
        "GET /vetting/template.csv",  # an empty list template
        "GET /account/data.json",  # the viewer's own data
    }
    feeds = {
        key
        for key, rule in get_routes(app)
        if rule.rule.endswith(FEED_ENDINGS) and MATRIX[key] in ("PUBLIC", "TOKEN")
    }
    assert sorted(feeds - set(WITNESSES) - not_about_the_canary) == []
    assert set(REDIRECTS) <= set(MATRIX) and set(WITNESSES) <= set(MATRIX)


def test_a_diff_built_with_an_organisers_standing_is_caught(world, monkeypatch):
    """The sweep is not blind on the outcome diff: built for an organiser, it names the canary
    on a public page, and the sweep says so for that route alone."""
    from plugins.minutes.views import outcome

    real_read = outcome.read

    def read_as_organiser(dialogue, content, viewer):
        if request.endpoint == "minutes.diff":
            viewer = replace(viewer, standing=Standing.ORGANISER)
        return real_read(dialogue, content, viewer)

    monkeypatch.setattr(outcome, "read", read_as_organiser)
    app, users, values = world
    result = sweep(app, users, values, VISITOR)
    caught = {line.split(":", 1)[0] for line in result.wrong}
    assert caught == {"GET /dialogues/<slug>/outcome/diff"}, result.wrong


def test_the_organiser_of_the_dialogue_does_see_the_canary(world):
    """The canary is really in the pages the sweep reads: its dialogue's organiser is shown it
    there (the participant list and its CSV when asked for it, the outcome record and the diff
    between its two versions)."""
    app, users, values = world
    client = signed_in(app, users, values, ORGANISER)
    assert CANARY_NAME in client.get("/dialogues/d/participants").get_data(as_text=True)
    diff = client.get("/dialogues/d/outcome/diff?from=1&to=2").get_data(as_text=True)
    assert f"given to {CANARY_NAME}" in diff and "answered questions" in diff
    assert CANARY_NAME in client.get("/dialogues/d/outcome").get_data(as_text=True)
    # the organisers' CSV names the people who asked not to be named only when asked, with a reason
    included = client.post(
        "/dialogues/d/participants.csv",
        data={"include_unnamed": "y", "reason": "Visa letters for the venue's immigration office"},
    )
    assert CANARY_EMAIL in included.get_data(as_text=True)


def test_the_canarys_own_change_of_visibility_is_followed_everywhere_at_once(world):
    """The canary makes themself public on their visibility page: the pages, lists, CSV,
    calendars and outcome record that described them by role name them at once. Anonymous
    again, the sweep finds them in no response: no output kept what it showed meanwhile (the
    serialised calendar events, the outcome's public text)."""
    app, users, values = world
    own = signed_in(app, users, values, CANARY)
    change = f"/dialogues/d/participations/{values['participation_id']}/visibility"
    assert own.post(change, data={"visibility": "public"}).status_code == 302
    visitor = signed_in(app, users, values, VISITOR)
    named = (
        "/dialogues/d/participants",
        "/dialogues/d/participants.csv",
        "/dialogues/d/programme.ics",
        f"/dialogues/d/programme/sessions/{values['session_id']}.ics",
        f"/calendar/{values['feed_token']}.ics",
        "/dialogues/d/outcome",
        "/dialogues/d/outcome.json",
        "/dialogues/d/outcome.md",
    )
    for path in named:
        assert CANARY_NAME in readable(visitor.get(path).get_data(as_text=True)), path
    assert CANARY_ORG in visitor.get("/dialogues/d").get_data(as_text=True)
    assert own.post(change, data={"visibility": "anonymous"}).status_code == 302
    result = sweep(app, users, values, VISITOR)
    assert not result.wrong, "\n".join(result.wrong)
