"""Builders for the screening tests: a list kept in Parley, a category to register in."""

from __future__ import annotations

from core.db import db_session
from core.models import (
    Category,
    DialogueCategory,
    Participation,
    ParticipationStatus,
    RegistrationMode,
    Visibility,
)
from core.participation.registration import register
from plugins.vetting.lists import parse_parley_csv
from plugins.vetting.models import FindingState
from plugins.vetting.rescreen import rescreen
from plugins.vetting.review import decide
from plugins.vetting.store import import_version
from tests import factories

HEADER = "id,kind,name,aliases,country,birth_date,position,reason,source\n"
JUNTA = (
    HEADER
    + 'ofac-27225,person,"HLAING, Min Aung",,Burma,1956-07-03,Commander-in-Chief,'
    + "BURMA-EO14014,OFAC\n"
    + 'ofac-32294,person,"KHINE, Thet Thet",,Burma,1967-08-19,Minister of Social Welfare,'
    + "BURMA-EO14014,OFAC\n"
    + "ofac-31516,organisation,MYANMAR ECONOMIC CORPORATION LIMITED,MEC,Burma,,,"
    + "BURMA-EO14014,OFAC\n"
)
LIST_NAME = "Junta and its enterprises"


def keep_list(content: str = JUNTA, name: str = LIST_NAME):
    return import_version(
        list_name=name,
        entries=parse_parley_csv(content),
        source_format="parley-csv",
        source_name="junta.csv",
        actor=None,
    )


def open_category(dialogue, category: Category = Category.CSO) -> DialogueCategory:
    created = DialogueCategory(
        dialogue_id=dialogue.id, category=category, registration=RegistrationMode.OPEN
    )
    db_session().add(created)
    db_session().flush()
    return created


def sign_up(category, person, organisation=None):
    return register(
        category=category,
        person=person,
        organisation=organisation,
        visibility=Visibility.PUBLIC,
        actor=None,
    )


def clear(finding, reason: str, first, second) -> None:
    """ "Not the same", by ``first``; a strong alert also takes ``second``'s agreement."""
    decide(finding, "clear", reason, first)
    if finding.state == FindingState.CLEARANCE_REQUESTED:
        decide(finding, "approve_clearance", f"Agreed: {reason}", second)


def accredited(dialogue, badge_number: int, **person) -> Participation:
    """An accredited participation with its badge number, for a person made of ``person``."""
    participation = factories.participation(
        dialogue, factories.person(**person), status=ParticipationStatus.ACCREDITED
    )
    participation.badge_number = badge_number
    db_session().flush()
    return participation


def list_kept_after_accreditation() -> None:
    """The list arrives once people are accredited: screening everyone again finds them."""
    keep_list()
    rescreen(trigger="list imported", actor=None)
