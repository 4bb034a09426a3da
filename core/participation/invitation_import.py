"""Reading a CSV of people to invite: every line is checked before anyone is invited, so a
file with one bad line invites nobody and the report names each bad line."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email

from core.db import db_session
from core.forms import has_letters
from core.models import Category, Participation, ParticipationStatus, Person

COLUMNS = ("name", "email", "organisation", "category")
MAX_LINES = 2000


@dataclass(frozen=True)
class InviteLine:
    line: int
    name: str
    email: str
    organisation: str
    category: Category


class ImportRefused(Exception):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


def read_invitations(data: bytes, open_categories: set[Category]) -> list[InviteLine]:
    """The lines of ``data`` (UTF-8 CSV with a header row); raises ``ImportRefused`` listing
    every problem with its line number."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            [f"The file is not UTF-8 text (byte {exc.start}). Save it as CSV UTF-8."]
        ) from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ImportRefused([f"Line 1: the header lacks the column(s) {', '.join(missing)}."])
    reader.fieldnames = header
    lines: list[InviteLine] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    try:
        for number, row in enumerate(reader, start=2):
            if number > MAX_LINES + 1:
                raise ImportRefused([f"The file has more than {MAX_LINES} lines; split it."])
            if None in row:
                problems.append(f"Line {number}: more values than columns.")
                continue
            values = {k: (row.get(k) or "").strip() for k in COLUMNS}
            if not any(values.values()):
                continue
            if any("\x00" in v for v in values.values()):
                problems.append(f"Line {number}: it contains a NUL character.")
                continue
            line_problems = _check(number, values, open_categories, seen)
            if line_problems:
                problems.extend(line_problems)
                continue
            email = values["email"].lower()
            seen[email] = number
            lines.append(
                InviteLine(
                    number,
                    values["name"],
                    email,
                    values["organisation"],
                    Category(values["category"]),
                )
            )
    except csv.Error as exc:
        raise ImportRefused([f"Line {reader.line_num}: {exc}."]) from exc
    if problems:
        raise ImportRefused(problems)
    if not lines:
        raise ImportRefused(["The file has no one to invite."])
    return lines


def _check(
    number: int, values: dict[str, str], open_categories: set[Category], seen: dict[str, int]
) -> list[str]:
    problems = []
    if not values["name"]:
        problems.append(f"Line {number}: the name is empty.")
    elif len(values["name"]) > 300:
        problems.append(f"Line {number}: the name is longer than 300 characters.")
    elif not has_letters(values["name"]):
        problems.append(f"Line {number}: the name has no letters (hidden characters only).")
    try:
        validate_email(values["email"], check_deliverability=False)
    except EmailNotValidError:
        problems.append(f"Line {number}: “{values['email']}” is not an e-mail address.")
    else:
        earlier = seen.get(values["email"].lower())
        if earlier:
            problems.append(f"Line {number}: {values['email']} is already on line {earlier}.")
    if len(values["organisation"]) > 300:
        problems.append(f"Line {number}: the organisation is longer than 300 characters.")
    elif values["organisation"] and not has_letters(values["organisation"]):
        problems.append(f"Line {number}: the organisation's name has no letters.")
    if values["category"] not in Category._value2member_map_:
        known = ", ".join(c.value for c in Category)
        problems.append(f"Line {number}: “{values['category']}” is not a category ({known}).")
    elif Category(values["category"]) not in open_categories:
        problems.append(f"Line {number}: this dialogue has no {values['category']} category.")
    return problems


def refuse_those_taking_part(dialogue, lines: list[InviteLine]) -> None:
    """All or nothing: if anyone in the file already takes part, invite nobody."""
    emails = {line.email: line.line for line in lines}
    taken = (
        db_session()
        .scalars(
            sa.select(Person.email)
            .join(Participation, Participation.person_id == Person.id)
            .where(
                Participation.dialogue_id == dialogue.id,
                Person.email.in_(list(emails)),
                Participation.status.not_in(
                    (ParticipationStatus.WITHDRAWN, ParticipationStatus.REJECTED)
                ),
            )
        )
        .all()
    )
    if taken:
        raise ImportRefused(
            [
                f"Line {emails[e]}: {e} already takes part in this dialogue."
                for e in sorted(set(taken))
            ]
        )
