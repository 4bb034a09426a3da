"""The wording of a dialogue's e-mails: what organisers may change, and how it is checked and
filled in.

Each kind of e-mail a participant receives has a default wording: the ``subject`` and
``message`` blocks of its template in ``core/outbox/templates/``. Organisers of a dialogue may
replace those two blocks with their own text (a ``MessageWording``). Everything else in the
template stays as Parley writes it, because it carries what the person must be told: the links
of an invitation with their deadline and the warning not to forward them, the dialogue's
details, the decision's reason and badge number, the status facts (a waitlist place, whether
approval is needed), the visibility the person chose, how to withdraw, and the footer.

Organisers' text is never a template. Placeholders are ``{name}``-style words from a short list
per kind, parsed here, and replaced in one pass by plain strings: no attribute access, no
indexing, no format specs, no expressions. ``{{`` and ``}}`` write a brace itself. Every
placeholder speaks of the recipient or of the dialogue: none may list or name other people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa

from core.db import db_session
from core.models.message_wording import MessageWording

MAX_SUBJECT = 200
MAX_BODY = 5000

# placeholder -> (what it stands for, the key of the template context that fills it)
PLACEHOLDERS = {
    "name": ("the recipient's name, as recorded", "name"),
    "dialogue": ("the dialogue's title", "title"),
    "when": ("the dialogue's dates and times, in its own timezone", "when"),
    "where": ("the venue, or Online", "where"),
    "role": ("the role others see the recipient in, e.g. “a CSO representative”", "role"),
    "deadline": ("when the invitation's links stop working", "expires"),
}
PARTICIPANT = ("name", "dialogue", "when", "where", "role")


@dataclass(frozen=True)
class Kind:
    """A kind of e-mail whose wording organisers may change."""

    key: str  # the template's name, and the outbox message's kind
    title: str
    sent_when: str
    keeps: str  # what Parley adds around the organisers' message, whatever they write
    placeholders: tuple[str, ...] = PARTICIPANT


KINDS = {
    kind.key: kind
    for kind in (
        Kind(
            "invitation",
            "Invitation",
            "an organiser invites a person or an organisation",
            "a personal message if one was written; the dialogue's details; the links to "
            "accept and to decline, how long they work and the warning not to forward them; "
            "the footer",
            placeholders=(*PARTICIPANT, "deadline"),
        ),
        Kind(
            "registration_received",
            "Registration received",
            "a registration arrives, or an invitation is accepted",
            "whether a place is held, confirmed or on the waiting list; the dialogue's "
            "details; the visibility the person chose; the footer",
        ),
        Kind(
            "waitlist_promotion",
            "Place from the waiting list",
            "a place becomes free for someone on the waiting list",
            "whether the person is accredited or awaits a decision; the dialogue's details; "
            "how to withdraw; the footer",
        ),
        Kind(
            "accredited",
            "Decision: accredited",
            "a participation is accredited",
            "whether the organisers approved it or no approval is needed; the badge number; "
            "the organisers' note; the dialogue's details; the footer",
        ),
        Kind(
            "rejected",
            "Decision: not accepted",
            "a registration is rejected",
            "the reason given; whom to ask about the decision; the dialogue's details; the footer",
        ),
        Kind(
            "withdrawal",
            "Withdrawal",
            "a participation is withdrawn",
            "what to do if it is a mistake; the dialogue's details; the footer",
        ),
    )
}
# the subject must name the dialogue: a person in several dialogues must know which one a
# decision is about, and a message that does not say looks like a forgery
REQUIRED_IN_SUBJECT = ("dialogue",)

# a doubled brace, a placeholder, or a brace left alone
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|[{}]")
# what plain text may not carry: control characters other than line breaks and tabs
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029\x85]")


def problems(kind: Kind, text: str, *, part: str) -> list[str]:
    """What is wrong with ``text`` as the ``part`` ("subject" or "message") of ``kind``."""
    found = []
    for match in _TOKEN.finditer(text):
        token = match.group(0)
        if token in ("{{", "}}"):
            continue
        if match.group(1) is None:
            found.append(
                f"The {part} has a “{token}” without its pair: write {{{{ or }}}} for a brace "
                "itself."
            )
        elif match.group(1) not in kind.placeholders:
            found.append(
                f"The {part} uses {token}, which is not a placeholder of this e-mail. Use "
                f"{', '.join('{' + p + '}' for p in kind.placeholders)}."
            )
    if part == "subject":
        used = set(placeholders_in(text))
        found += [
            f"The subject must contain {{{p}}}." for p in REQUIRED_IN_SUBJECT if p not in used
        ]
    return found


def placeholders_in(text: str) -> list[str]:
    return [m.group(1) for m in _TOKEN.finditer(text) if m.group(1) is not None]


def clean_subject(text: str) -> str:
    return " ".join((text or "").split())


def clean_body(text: str) -> str:
    """Line ends as ``\\n``, no trailing spaces, one final newline."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n") + "\n"


def check(kind: Kind, subject: str, body: str) -> dict[str, list[str]]:
    """The problems of a wording, by field (empty when it may be saved)."""
    found: dict[str, list[str]] = {"subject": [], "body": []}
    for field, text, limit in (("subject", subject, MAX_SUBJECT), ("body", body, MAX_BODY)):
        part = "subject" if field == "subject" else "message"
        if not text.strip():
            found[field].append(f"Write the {part}.")
        elif len(text) > limit:
            found[field].append(f"The {part} can be at most {limit} characters long.")
        elif CONTROL.search(text) or (field == "subject" and "\n" in text):
            found[field].append(f"The {part} cannot contain control characters.")
        else:
            found[field] += problems(kind, text, part=part)
    return found


def fill(text: str, values: dict[str, str]) -> str:
    """``text`` with each placeholder replaced by its value, in one pass (a value that looks
    like a placeholder stays as it is). ``text`` must have passed ``problems``."""

    def replace(match: re.Match) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        return values[match.group(1)]

    return _TOKEN.sub(replace, text)


def values_from(kind: Kind, context: dict) -> dict[str, str]:
    """The placeholders' values, taken from the template context of one e-mail."""
    return {p: str(context[PLACEHOLDERS[p][1]]) for p in kind.placeholders}


def wording_for(dialogue_id: int | None, kind: str) -> MessageWording | None:
    """The dialogue's own wording of ``kind``, if its organisers wrote one."""
    if dialogue_id is None or kind not in KINDS:
        return None
    return db_session().scalar(
        sa.select(MessageWording).where(
            MessageWording.dialogue_id == dialogue_id, MessageWording.kind == kind
        )
    )


def filled(wording: MessageWording, context: dict) -> tuple[str, str] | None:
    """The wording's subject and message for one e-mail, or ``None`` when the stored text no
    longer passes the checks (the default wording is used then)."""
    kind = KINDS[wording.kind]
    if any(check(kind, wording.subject, wording.body).values()):
        return None
    values = values_from(kind, context)
    return fill(wording.subject, values), clean_body(fill(wording.body, values))
