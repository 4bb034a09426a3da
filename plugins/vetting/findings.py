"""Reading findings for review: a dialogue's queue, one finding with what surrounds it, and
what a screening of everyone found."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from core.plugin_api import Dialogue, Organisation, Participation, Person, User, db_session
from plugins.vetting.models import (
    VettingDecision,
    VettingEntry,
    VettingFinding,
    VettingFindingDialogue,
    VettingScreening,
)
from plugins.vetting.statement import UNRESOLVED, concerns_dialogue


@dataclass(frozen=True)
class Queue:
    findings: list[VettingFinding]
    more: bool  # there are more than the queue shows
    subjects: dict[tuple[str, int], object]


@dataclass(frozen=True)
class Surroundings:
    """What the reviewer of one finding sees beside it."""

    decisions: list  # (VettingDecision, reviewer's name) rows, in order
    subject: object | None
    taking_part: list[Participation]
    earlier: list[VettingFinding]


def _with_entry(query: sa.Select) -> sa.Select:
    return query.options(joinedload(VettingFinding.entry), joinedload(VettingFinding.vetting_list))


def subjects_of(findings: list[VettingFinding]) -> dict[tuple[str, int], object]:
    """The people and organisations the findings are about, in two queries."""
    people = {f.subject_id for f in findings if f.subject_kind == "person"}
    organisations = {f.subject_id for f in findings if f.subject_kind == "organisation"}
    session = db_session()
    found: dict[tuple[str, int], object] = {}
    if people:
        for person in session.scalars(
            sa.select(Person).where(Person.id.in_(people)).options(joinedload(Person.organisation))
        ):
            found[("person", person.id)] = person
    if organisations:
        for organisation in session.scalars(
            sa.select(Organisation).where(Organisation.id.in_(organisations))
        ):
            found[("organisation", organisation.id)] = organisation
    return found


def queue_of(dialogue: Dialogue, *, unresolved_only: bool, limit: int) -> Queue:
    """The newest ``limit`` findings concerning the dialogue (those awaiting a decision only,
    when asked), with their subjects."""
    query = _with_entry(
        sa.select(VettingFinding)
        .where(concerns_dialogue(dialogue.id))
        .order_by(VettingFinding.found_at.desc(), VettingFinding.id.desc())
    )
    if unresolved_only:
        query = query.where(VettingFinding.state.in_(UNRESOLVED))
    findings = list(db_session().scalars(query.limit(limit + 1)).all())
    shown = findings[:limit]
    return Queue(shown, len(findings) > limit, subjects_of(shown))


def finding_in(dialogue: Dialogue, finding_id: int) -> VettingFinding | None:
    """The finding, if it concerns the dialogue."""
    return db_session().scalar(
        _with_entry(
            sa.select(VettingFinding).where(
                VettingFinding.id == finding_id, concerns_dialogue(dialogue.id)
            )
        )
    )


def dialogues_of(finding: VettingFinding) -> list[Dialogue]:
    """Every dialogue the finding concerns, by date: a decision holds in each of them."""
    return list(
        db_session()
        .scalars(
            sa.select(Dialogue)
            .join(VettingFindingDialogue, VettingFindingDialogue.dialogue_id == Dialogue.id)
            .where(VettingFindingDialogue.finding_id == finding.id)
            .order_by(Dialogue.starts_at)
        )
        .all()
    )


def surroundings(finding: VettingFinding, dialogue: Dialogue) -> Surroundings:
    session = db_session()
    decisions = session.execute(
        sa.select(VettingDecision, User.name)
        .outerjoin(User, User.id == VettingDecision.user_id)
        .where(VettingDecision.finding_id == finding.id)
        .order_by(VettingDecision.at, VettingDecision.id)
    ).all()
    return Surroundings(
        decisions=list(decisions),
        subject=subjects_of([finding]).get((finding.subject_kind, finding.subject_id)),
        taking_part=_taking_part(finding, dialogue),
        earlier=_earlier(finding),
    )


def _taking_part(finding: VettingFinding, dialogue: Dialogue) -> list[Participation]:
    """The subject's part in this dialogue: the reviewer sees what a decision touches (a
    confirmed match suspends an accreditation) and what to reject or withdraw."""
    column = (
        Participation.person_id
        if finding.subject_kind == "person"
        else Participation.organisation_id
    )
    return list(
        db_session()
        .scalars(
            sa.select(Participation)
            .where(Participation.dialogue_id == dialogue.id, column == finding.subject_id)
            .options(joinedload(Participation.person))
        )
        .all()
    )


def _earlier(finding: VettingFinding) -> list[VettingFinding]:
    """Findings about the same subject and an earlier version of the same list entry, with
    their decisions: a changed entry comes back for review, and the reviewer sees the past."""
    same_entry = sa.select(VettingEntry.id).where(
        VettingEntry.list_id == finding.entry.list_id,
        VettingEntry.external_id == finding.entry.external_id,
        VettingEntry.id != finding.entry_id,
    )
    return list(
        db_session()
        .scalars(
            sa.select(VettingFinding)
            .where(
                VettingFinding.subject_kind == finding.subject_kind,
                VettingFinding.subject_id == finding.subject_id,
                VettingFinding.entry_id.in_(same_entry),
            )
            .order_by(VettingFinding.found_at)
        )
        .all()
    )


@dataclass(frozen=True)
class ScreeningResult:
    screening: VettingScreening
    findings: list[VettingFinding]  # the strongest first
    dialogues: dict[int, list[Dialogue]]  # by finding id, the dialogues each concerns


def found_by_screening(screening_id: int) -> ScreeningResult | None:
    """What a screening of everyone found that was new, with the dialogues each finding
    concerns; None when there is no such screening."""
    session = db_session()
    screening = session.get(VettingScreening, screening_id)
    if screening is None:
        return None
    findings = session.scalars(
        _with_entry(
            sa.select(VettingFinding)
            .where(VettingFinding.screening_id == screening_id)
            .order_by(VettingFinding.score.desc(), VettingFinding.id)
        )
    ).all()
    dialogues: dict[int, list[Dialogue]] = defaultdict(list)
    for finding_id, dialogue in session.execute(
        sa.select(VettingFindingDialogue.finding_id, Dialogue)
        .join(Dialogue, Dialogue.id == VettingFindingDialogue.dialogue_id)
        .where(VettingFindingDialogue.finding_id.in_([f.id for f in findings]))
        .order_by(Dialogue.starts_at)
    ):
        dialogues[finding_id].append(dialogue)
    return ScreeningResult(screening, list(findings), dialogues)
