"""Fuzzing every form: each POST route of the URL map is sent arbitrary values, by a role the
authorisation matrix allows to use it.

The forms are found where users find them: each role GETs every page the matrix lets it see,
and every ``<form method="post">`` on those pages is read with ``html.parser`` (its action, its
fields and the values its selects, radios and checkboxes offer). The form's action names the
POST route it is sent to. Hypothesis then fills every field with arbitrary Unicode (control
characters, right-to-left marks, ~20 kB strings, HTML and script snippets), huge and negative
numbers and malformed dates, or one of the values the form offers, and sends it.

Every answer must be an answer (never a 500; 400 for a NUL character, see
``core/input_guards.py``; 410 for an invitation already answered), no answer, nor the page a
redirect leads to, may carry an injected snippet unescaped, and a refused form (422) leaves the
database as it was.

One world per role (the matrix's, ``tests/authorisation.py``); routes run in the matrix's order,
those that change what later requests see last.
"""

from __future__ import annotations

import io
import logging
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.authorisation import (
    ADMINISTRATOR,
    CANARY,
    CHAIR,
    FOCAL_POINT,
    ORGANISER,
    PARTICIPANT,
    RAPPORTEUR,
    VISITOR,
    Outcome,
    build,
    fingerprint,
    routes,
    signed_in,
    url,
)
from tests.test_authorisation_matrix import LAST, MATRIX, POLICIES, expected

# the allowed role each policy's forms are fuzzed as
FUZZED_AS = {
    "PUBLIC": VISITOR,
    "TOKEN": VISITOR,
    "SIGNED_IN": FOCAL_POINT,
    "OWN_PARTICIPATION": PARTICIPANT,
    "PARTICIPATION_OR_ORGANISER": ORGANISER,
    "FOCAL_POINT": CANARY,  # the one user a delegation is open to
    "DIALOGUE_REVIEW": ORGANISER,
    "DIALOGUE_EDIT": ORGANISER,
    "DRAFTER": RAPPORTEUR,
    "APPROVER": CHAIR,
    "GLOBAL_ORGANISER": ADMINISTRATOR,
    "ADMIN": ADMINISTRATOR,
}

# POST routes not fuzzed, and why
SKIPPED = {
    "POST /logout": "ends the session: every later request would be a visitor's",
    "POST /account/erase": "erases the signed-in account and ends the session, by design",
}

# forms no page of the world shows, and why: sent to the world's URL with the fields of the
# form named (the same form for a new record), or with none
NOT_SHOWN = {
    "POST /reset-password": ("shown for a valid reset link, which only an e-mail carries", None),
    "POST /login/two-factor": (
        "shown after the right password of an account with a second factor; none has one",
        None,
    ),
    "POST /account/two-factor/recovery-codes": (
        "shown once two-factor authentication is on; no account of the world has it",
        None,
    ),
    "POST /account/two-factor/disable": (
        "shown once two-factor authentication is on; no account of the world has it",
        None,
    ),
    "POST /admin/users/<int:user_id>/two-factor/reset": (
        "shown for an account with a second factor; the world's canary has none",
        None,
    ),
    "POST /dialogues/<slug>/check-in/people/<int:participation_id>": (
        "shown in the desk's search results, for a name or badge number searched",
        None,
    ),
    "POST /dialogues/<slug>/invitations/<int:invitation_id>/send": (
        "shown for a held invitation; the world's is sent",
        None,
    ),
    "POST /dialogues/<slug>/emails/<kind>/reset": (
        "shown once the dialogue has its own wording of that e-mail; the world's has none",
        None,
    ),
    "POST /dialogues/<slug>/programme/sessions/<int:session_id>/delete": (
        "shown for a session in no release; the world's is released",
        None,
    ),
    "POST /dialogues/<slug>/minutes/recommendations/<int:recommendation_id>/edit": (
        "the world's recommendation is in published minutes: its page leads to the record",
        "POST /dialogues/<slug>/minutes/recommendations/new",
    ),
}

# routes that change what later requests see, after LAST's: erasing the canary's person
AFTER_LAST = ("POST /people/<int:person_id>/erase",)

# fields that name the record the URL is built from: fuzzed with values that cannot be a slug,
# or kept, so that renaming the dialogue or series does not turn every later request into a 404
KEPT = {"slug"}

EXAMPLES = 5
ACCEPTED = {200, 302, 303, 400, 404, 409, 410, 413, 422}  # 410: an invitation answered
INJECTED = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>")

NASTY = [
    "",
    " ",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><script>alert(1)</script>",
    "javascript:alert(1)",
    "\u202eevil\u202c",  # right-to-left override
    "\u200f\u200e\u061c",  # RTL and LTR marks
    "\ufeff\u200b",  # BOM, zero-width space
    "ပါလီမန်",
    "é" * 3,
    "e\u0301",
    "\U0001f600",
    "\r\n\t\x0b\x0c\x1b[31m",
    "\x00",
    "%00",
    "../../etc/passwd",
    "' OR 1=1 --",
    "{{ 7*7 }}",
    "${7*7}",
    "a@b",
    "x@example.org",
    "NaN",
    "Infinity",
    "-0",
    "1e308",
    "0x10",
]
NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 2**31 - 1, 2**31, 2**63, -(2**63) - 1, 10**100]),
).map(str)
DATES = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.isoformat(timespec="minutes")),
    st.sampled_from(
        [
            "2024-02-30",
            "2023-13-01",
            "0000-00-00",
            "9999-12-31T23:59",
            "10000-01-01",
            "-0001-01-01",
            "2024-01-01T25:61",
            "2024-01-01T00:00:00+99:00",
            "01/02/2024",
            "yesterday",
            "2024-1-1",
            "2024-06-01T10:00Z",
        ]
    ),
)
LONG = st.builds(
    lambda piece, times: (piece * times)[:20_000],
    st.sampled_from(["x", "é", "\u202e", "<script>alert(1)</script>", "ပါ", "\r\n"]),
    st.integers(min_value=2_000, max_value=20_000),
)
TEXT = st.one_of(st.text(max_size=300), st.sampled_from(NASTY), LONG)
ANY = st.one_of(TEXT, NUMBERS, DATES)
FILES = st.one_of(
    st.binary(max_size=2_000),
    st.sampled_from(
        [
            b"",
            b"\xff\xfe\x00",
            b'name,kind\n"unterminated,person\n',
            b"id,name\n" + b"1,<script>alert(1)</script>\n" * 50,
            b"<?xml version='1.0'?><sdnList><sdnEntry><uid>x</uid>",
            b"<!DOCTYPE x [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;&a;&a;'>]><x>&b;</x>",
            b'{"name": [1, 2, {"": null}',
            b"\xef\xbb\xbfemail,name\n" + "ပါလီမန်@example.org,\u202e\n".encode(),
        ]
    ),
)


class Forms(HTMLParser):
    """The POST forms of a page: action, and each field with what the page offers for it."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self.form: dict | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self.form = None
            if (attributes.get("method") or "get").lower() == "post":
                self.form = {"action": attributes.get("action"), "fields": {}}
                self.forms.append(self.form)
            return
        if self.form is None:
            return
        if tag == "option" and self.form.get("select"):
            field = self.form["fields"][self.form["select"]]
            field["options"].append(attributes.get("value") or "")
            if not field["value"] or "selected" in attributes:
                field["value"] = attributes.get("value") or ""
            return
        name = attributes.get("name")
        if tag not in ("input", "select", "textarea", "button") or not name:
            return
        kind = attributes.get("type") or ("text" if tag == "input" else tag)
        field = self.form["fields"].setdefault(name, {"kind": kind, "options": [], "value": ""})
        if kind in ("radio", "checkbox", "hidden", "submit") or name in KEPT:
            field["options"].append(attributes.get("value") or "")
        value = attributes.get("value") or ""
        if kind in ("radio", "checkbox"):
            if "checked" in attributes or (kind == "radio" and not field["value"]):
                field["value"] = value
        elif kind not in ("select", "file") and not field["value"]:
            field["value"] = value
        if tag == "select":
            self.form["select"] = name

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None
        elif tag == "select" and self.form is not None:
            self.form["select"] = None


def strategy(name: str, field: dict):
    """What hypothesis sends in one field."""
    kind, options = field["kind"], field["options"]
    if kind == "file":
        return FILES.map(lambda data: (io.BytesIO(data), "fuzz.csv"))
    if name in KEPT:
        return st.one_of(st.sampled_from(options or [""]), TEXT.map(lambda text: text + " <x>"))
    typed = {
        "number": st.one_of(NUMBERS, ANY),
        "date": st.one_of(DATES, ANY),
        "datetime-local": st.one_of(DATES, ANY),
        "email": st.one_of(st.emails(), ANY),
    }.get(kind, ANY)
    if options:
        return st.one_of(st.sampled_from(options), typed)
    return typed


def order(key: str) -> tuple:
    if key in AFTER_LAST:
        return (2, AFTER_LAST.index(key), key)
    return (1 if key in LAST else 0, LAST.index(key) if key in LAST else -1, key)


def fuzzed_routes(role: str) -> list[str]:
    keys = [
        key
        for key, policy in MATRIX.items()
        if key.startswith("POST ") and key not in SKIPPED and FUZZED_AS[policy] == role
    ]
    return sorted(keys, key=order)


def test_every_post_route_is_fuzzed_by_an_allowed_role_or_skipped_with_a_reason(app):
    posts = {key for key in routes(app) if key.startswith("POST ")}
    assert set(SKIPPED) <= posts and set(AFTER_LAST) <= posts and set(NOT_SHOWN) <= posts
    for key in sorted(posts - set(SKIPPED)):
        role = FUZZED_AS[MATRIX[key]]
        assert role == CANARY or POLICIES[MATRIX[key]][role] is Outcome.ALLOWED, key


class Log(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(self.format(record))


def discover(app, client, role: str, values) -> dict[str, tuple[str, dict]]:
    """The POST forms on every page ``role`` may GET: ``{"POST /rule": (action, fields)}``."""
    adapter = app.url_map.bind("localhost")
    found: dict[str, tuple[str, dict]] = {}
    for key, (method, rule) in sorted(routes(app).items()):
        if method != "GET":
            continue
        allowed = role == CANARY or expected(key, role) is Outcome.ALLOWED
        if not allowed or "<path:" in rule.rule:
            continue
        page = url(rule, values)
        response = client.get(page)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        parser = Forms()
        parser.feed(response.get_data(as_text=True))
        for form in parser.forms:
            action = form["action"] or page
            try:
                target, _arguments = adapter.match(
                    urlsplit(action).path, method="POST", return_rule=True
                )
            except Exception:  # an action outside the app, or a route without POST
                continue
            found.setdefault(f"POST {target.rule}", (action, form["fields"]))
    return found


def fuzz_form(app, client, key: str, action: str, fields: dict, log: Log) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        st.fixed_dictionaries({name: strategy(name, f) for name, f in fields.items()}),
        st.sets(st.sampled_from(sorted(fields) or [""]), max_size=3),
        st.booleans(),
    )
    def send(fuzzed, some, everywhere):
        # every field fuzzed, or a few while the others keep what the page holds, so that a
        # form can be saved with the fuzzed values (and shown again)
        data = {
            name: value if everywhere or name in some else fields[name].get("value", "")
            for name, value in fuzzed.items()
        }
        before = fingerprint(app)
        log.records.clear()
        response = client.post(action, data=data, content_type="multipart/form-data")
        status = response.status_code
        shown = f"{key} ({action}) answered {status} to {data!r:.600}"
        assert status in ACCEPTED, shown + "\n" + "\n".join(log.records)
        pages = [response.get_data(as_text=True)]
        location = response.headers.get("Location", "")
        if status in (302, 303) and not urlsplit(location).netloc:
            followed = client.get(location)
            assert followed.status_code < 500, f"{shown}, then {location}: {followed.status_code}"
            pages.append(followed.get_data(as_text=True))
        for page in pages:
            for snippet in INJECTED:
                assert snippet not in page, f"{shown}: {snippet} unescaped"
        if status == 422:
            assert fingerprint(app) == before, f"{shown}: refused, but the database changed"

    send()


ROLES_FUZZED = sorted(set(FUZZED_AS.values()))


@pytest.mark.parametrize("role", ROLES_FUZZED)
def test_every_form_answers_arbitrary_input_without_error_or_injection(make_app, role):
    app = make_app(RATELIMIT_ENABLED=False)
    users, values = build(app)
    client = signed_in(app, users, values, role)
    log = Log()
    app.logger.addHandler(log)
    forms = discover(app, client, role, values)
    missing = []
    for key in fuzzed_routes(role):
        if key not in forms:  # a form earlier requests may have brought (a session to reinstate)
            forms.update(discover(app, client, role, values))
        if key not in forms and key in NOT_SHOWN:
            _reason, like = NOT_SHOWN[key]
            fields = forms[like][1] if like in forms else {}
            forms[key] = (url(routes(app)[key][1], values), fields)
        if key not in forms:
            missing.append(key)
            continue
        action, fields = forms[key]
        fuzz_form(app, client, key, action, fields, log)
    assert not missing, f"no page {role} may see shows the form of: {missing}"
