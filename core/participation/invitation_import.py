"""Reading a CSV of people to invite: every line is checked before anyone is invited, so a
file with one bad line invites nobody and the report names each bad line."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email

from core.db import db_session
from core.forms import has_letters
from core.models import Category, Participation, ParticipationStatus, Person
from core.models.enums import label

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


def _folded(name: str) -> str:
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class CategoryNames:
    """How a file may name the dialogue's categories: by the name shown in the invitation
    form (``Delegate``), by the dialogue's own name for it, or by its code (``delegate``), in
    any case and spacing."""

    open: Mapping[Category, str]  # the dialogue's categories, with its own name ("" if none)

    def shown(self, category: Category) -> str:
        own = self.open.get(category, "")
        return f"{own} ({label(category)})" if own and own != label(category) else label(category)

    def find(self, written: str) -> Category | None:
        """The category ``written`` names, open in this dialogue or not; ``None`` if none."""
        folded = _folded(written)
        for category, own in self.open.items():
            if folded in {_folded(own), _folded(label(category)), category.value}:
                return category
        for category in Category:
            if folded in {_folded(label(category)), category.value}:
                return category
        return None

    def accepted(self) -> str:
        return ", ".join(self.shown(c) for c in self.open)


def read_invitations(
    data: bytes, open_categories: Mapping[Category, str] | set[Category]
) -> list[InviteLine]:
    """The lines of ``data`` (UTF-8 CSV with a header row); raises ``ImportRefused`` listing
    every problem with its line number. ``open_categories``: the dialogue's categories, with
    its own name for each where it gave one."""
    if not isinstance(open_categories, Mapping):
        open_categories = dict.fromkeys(sorted(open_categories), "")
    names = CategoryNames(open_categories)
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
            line_problems = _check(number, values, names, seen)
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
                    names.find(values["category"]),
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
    number: int, values: dict[str, str], names: CategoryNames, seen: dict[str, int]
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
    category = names.find(values["category"])
    if category is None:
        problems.append(
            f"Line {number}: “{values['category']}” is not a category of this dialogue. "
            f"Use one of: {names.accepted()}."
        )
    elif category not in names.open:
        problems.append(
            f"Line {number}: this dialogue has no {values['category']} category. "
            f"Use one of: {names.accepted()}."
        )
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
