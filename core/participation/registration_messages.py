"""What the registration pages tell a person in plain words about a category they cannot
enter yet."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from core.models import Category, DialogueCategory, Organisation, Visibility
from core.templating import local_date
from core.visibility import describe_role


def status_required_notice(
    category: DialogueCategory, organisation: Organisation, first_day: date
) -> str:
    """Why ``organisation`` is not offered ``category`` (a status it lacks), and how to ask."""
    issuer = category.required_status_issuer
    wanted = f"“{category.required_status}”" + (f" from {issuer}" if issuer else "")
    held = [
        s
        for s in organisation.statuses
        if s.name == category.required_status and (not issuer or s.issuer == issuer)
    ]
    day = local_date(category.dialogue.starts_at, category.dialogue.timezone)
    if held:
        standing = f"The one {organisation.name} holds is not valid on the dialogue's first day."
    else:
        standing = f"{organisation.name} holds none on record."
    how = (
        f"If it holds this status, send the organisers the proof (such as the letter from "
        f"{issuer or 'the issuer'}) and ask the organisers to record it; "
        f"{category.name} is then offered here."
    )
    return (
        f"{category.name} is open only to organisations holding a valid {wanted} on the "
        f"dialogue's first day ({day}). {standing} {how}"
    )


def visibility_hints(categories: Iterable[Category]) -> dict[str, str]:
    """The hints under the visibility choices, naming the role others see as it is described
    for these categories (``describe_role``), not always "a CSO representative"."""
    roles = list(dict.fromkeys(describe_role(c) for c in categories))
    if len(roles) == 1:
        seen = f"“{roles[0]}”"
    elif roles:
        seen = "your role (" + " or ".join(f"“{r}”" for r in roles) + ")"
    else:
        seen = "your role"
    return {
        Visibility.PUBLIC.value: (
            "Your name and organisation may appear on public pages, participant lists and the "
            "published outcome record."
        ),
        Visibility.PARTICIPANTS.value: (
            "Only accredited participants and the organisers see your name and organisation. "
            f"Everyone else sees {seen}."
        ),
        Visibility.ORGANISERS.value: (
            "Only the organisers see your name and organisation. Other participants and the "
            f"public see {seen}. Your badge shows your name."
        ),
        Visibility.ANONYMOUS.value: (
            "Only the organisers know you take part. Everywhere else you are counted, never "
            "named, and neither is your organisation; your badge shows neither."
        ),
    }
