"""The vetting plugin at the core's gate: screen the person and the organisation of a
participation, and stop the step on an unreviewed alert or a confirmed match.

Messages name the list entry (public) but not the person screened: they travel into the audit
log and the reason an invitation is held.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from core.plugin_api import Finding, Organisation, Participation, db_session
from plugins.vetting.door import stops_its_subject
from plugins.vetting.matching import Thresholds, disguise
from plugins.vetting.models import FindingState, VettingFinding, VettingFindingDialogue
from plugins.vetting.screening import (
    SubjectMatch,
    latest_versions_query,
    organisation_subjects,
    person_subjects,
    screen,
    screeners,
    subject_key,
)

log = logging.getLogger("parley.vetting")
SOURCE = "vetting"


def thresholds() -> Thresholds:
    config = current_app.config
    return Thresholds(
        float(config.get("VETTING_REVIEW_THRESHOLD", 0.85)),
        float(config.get("VETTING_ALERT_THRESHOLD", 0.93)),
    )


def participation_subjects(participation: Participation) -> list[tuple]:
    subjects = [("person", participation.person.id, person_subjects(participation.person))]
    if participation.organisation is not None:
        organisation = participation.organisation
        subjects.append(("organisation", organisation.id, organisation_subjects(organisation)))
    return subjects


def check(participation: Participation) -> list[Finding]:
    """The findings about a participation, blocking where the step must wait; fails closed."""
    return check_subjects(participation_subjects(participation))


def check_organisation(organisation: Organisation) -> list[Finding]:
    """The findings about an organisation invited to a dialogue (kept when the core says the
    gate has answered, ``on_organisation_gate_checked``)."""
    return check_subjects([("organisation", organisation.id, organisation_subjects(organisation))])


def check_subjects(subjects: list[tuple]) -> list[Finding]:
    try:
        versions, standing = _versions_and_standing(subjects)
        limits = thresholds()
        matches = screen(subjects, limits, screeners(limits, versions))
    except Exception as exc:  # a screening that cannot run must stop the step, not pass it
        log.exception("screening failed")
        return [
            Finding(
                source=SOURCE,
                code="screening_failed",
                message=f"Screening could not run ({type(exc).__name__}); the step waits "
                "until it can. Tell the administrator.",
                blocking=True,
            )
        ]
    decided = _stored(matches)
    cleared = {pair for pair, row in decided.items() if row.state == FindingState.CLEARED}
    found = [
        as_finding(match, decided.get(_pair(match)))
        for match in matches
        if _pair(match) not in cleared  # a pair cleared under this very name does not come back
    ]
    matched = {_pair(match) for match in matches}
    return (
        disguised(subjects)
        + found
        + [standing_finding(row) for row in standing if _pair_of(row) not in matched]
    )


def _versions_and_standing(subjects: list[tuple]) -> tuple[list[tuple], list[VettingFinding]]:
    """The active lists' latest versions (``screening.latest_versions``) and the ids of the
    findings that stop a subject (``_standing_where``), asked in one query: a gate is asked at
    every registration. The findings' rows are loaded only when there are any."""
    versions = latest_versions_query().add_columns(sa.null().label("finding_id"))
    query = versions
    known = _known(subjects)
    if known:
        nothing = sa.null()
        query = sa.union_all(
            versions,
            sa.select(nothing, nothing, nothing, nothing, VettingFinding.id).where(
                _standing_where(known)
            ),
        )
    rows = db_session().execute(query.order_by(sa.literal_column("list_name"))).all()
    versions = [tuple(row[:4]) for row in rows if row.finding_id is None]
    found = [row.finding_id for row in rows if row.finding_id is not None]
    if not found:
        return versions, []
    return versions, _standing_rows(sa.select(VettingFinding).where(VettingFinding.id.in_(found)))


def disguised(subjects: list[tuple]) -> list[Finding]:
    """A name written with hidden or look-alike characters is a finding itself, to review,
    whatever it matches: it looks like another name on every page and badge."""
    found = []
    for kind, _subject_id, names in subjects:
        for subject in names:
            why = disguise(subject.name)
            if why:
                who = "person's" if kind == "person" else "organisation's"
                found.append(
                    Finding(
                        source=SOURCE,
                        code="review_disguised_name",
                        message=f"The {who} name is disguised: {why}. Ask them how they write "
                        "it, and correct it before deciding.",
                        details={"level": "review", "disguised": kind},
                    )
                )
    return found


def _pair(match: SubjectMatch) -> tuple:
    """A finding's identity: the subject, the entry and the name screened (as the matcher
    reads it), so that a decision about one name never covers another."""
    key = subject_key(match.subject_name)
    return (match.subject_kind, match.subject_id, match.entry_id, key)


def _pair_of(row: VettingFinding) -> tuple:
    return (row.subject_kind, row.subject_id, row.entry_id, row.subject_key)


def _stored(matches: list[SubjectMatch]) -> dict[tuple, VettingFinding]:
    entry_ids = {m.entry_id for m in matches if m.subject_id is not None}
    if not entry_ids:
        return {}
    rows = db_session().scalars(
        sa.select(VettingFinding).where(VettingFinding.entry_id.in_(entry_ids))
    )
    return {_pair_of(r): r for r in rows}


def _known(subjects: list[tuple]) -> list[tuple[str, int]]:
    return [(kind, subject_id) for kind, subject_id, _names in subjects if subject_id]


def _standing_where(known: list[tuple[str, int]]) -> sa.ColumnElement[bool]:
    """The stored findings that stop one of the ``known`` subjects whatever the matcher says
    now: a confirmed match (its name changed, its list switched off or its entry changed since,
    it stands until overridden) and an alert not reviewed yet."""
    return (
        sa.tuple_(VettingFinding.subject_kind, VettingFinding.subject_id).in_(known)
        & stops_its_subject()
    )


def _standing_rows(query: sa.Select) -> list[VettingFinding]:
    options = joinedload(VettingFinding.entry), joinedload(VettingFinding.vetting_list)
    return db_session().scalars(query.options(*options)).all()


def standing_finding(row: VettingFinding) -> Finding:
    """A stored finding that stops its subject although the matcher no longer finds it."""
    return _finding(
        row.state,
        score=row.score,
        entry=f"{row.entry.name} on “{row.vetting_list.name}”",
        earlier=True,
        details={
            "subject_kind": row.subject_kind,
            "subject_id": row.subject_id,
            "subject_name": row.subject_name,
            "subject_key": row.subject_key,
            "list_id": row.list_id,
            "entry_id": row.entry_id,
            "level": row.level,
            "matched_name": row.matched_name,
            "explanation": row.explanation,
        },
    )


def as_finding(match: SubjectMatch, stored: VettingFinding | None) -> Finding:
    """What the matcher found now, with the decision stored about the pair if any."""
    return _finding(
        stored.state if stored is not None else FindingState.OPEN,
        score=match.match.score,
        entry=f"{match.match.entry.name} on “{match.list_name}”",
        earlier=False,
        details={
            "subject_kind": match.subject_kind,
            "subject_id": match.subject_id,
            "subject_name": match.subject_name,
            "subject_key": subject_key(match.subject_name),
            "list_id": match.list_id,
            "entry_id": match.entry_id,
            "level": match.match.level,
            "matched_name": match.match.matched_name,
            "explanation": match.match.explanation,
        },
    )


def _finding(
    state: FindingState, *, score: float, entry: str, earlier: bool, details: dict
) -> Finding:
    """The gate's answer for a pair in ``state``: an unreviewed alert and a confirmed match
    stop the step, an override lets it through with a note."""
    level = details["level"]
    if state == FindingState.CONFIRMED:
        stands = "; the decision stands until overridden" if earlier else ""
        message, blocking = f"Confirmed match with {entry}{stands}.", True
    elif state == FindingState.OVERRIDE_REQUESTED:
        message = f"Confirmed match with {entry}; an override awaits a second reviewer."
        blocking = True
    elif state == FindingState.CLEARANCE_REQUESTED:
        message = (
            f"Possible match with {entry} (score {score:.2f}): one reviewer found it is not "
            "the same; a second reviewer must agree."
        )
        blocking = True
    elif state == FindingState.OVERRIDDEN:
        message, blocking = f"Confirmed match with {entry}, allowed by an override.", False
    elif level == "alert":
        found = ", found earlier" if earlier else ""
        message = f"Possible match with {entry} (score {score:.2f}){found}: awaiting review."
        blocking = True
    else:
        message, blocking = f"Possible match with {entry} (score {score:.2f}): to review.", False
    return Finding(
        source=SOURCE,
        code=f"{level}_{state.value}",
        message=message,
        blocking=blocking,
        score=score,
        details=details,
    )


def record(
    findings: list[Finding],
    dialogues: Callable[[tuple[str, int]], set[int]],
    screening_id: int | None = None,
) -> int:
    """Keep the findings not kept yet (an open one takes the latest score) and link each to
    the ``dialogues`` of its subject; return how many are new.

    Runs in the caller's transaction; a pair another process kept first is left to it.
    """
    session = db_session()
    ours = [f for f in findings if f.source == SOURCE and f.details.get("subject_id")]
    if not ours:
        return 0
    # the same order in every process, so that two of them never wait on each other
    ours.sort(
        key=lambda f: tuple(
            f.details[name] for name in ("subject_kind", "subject_id", "entry_id", "subject_key")
        )
    )
    session.flush()  # the caller's pending work is not this savepoint's to answer for
    stored = {
        _pair_of(r): r
        for r in session.scalars(
            sa.select(VettingFinding).where(
                VettingFinding.entry_id.in_({f.details["entry_id"] for f in ours})
            )
        )
    }
    linked = set(
        session.execute(
            sa.select(VettingFindingDialogue.finding_id, VettingFindingDialogue.dialogue_id).where(
                VettingFindingDialogue.finding_id.in_([r.id for r in stored.values()])
            )
        ).all()
    )
    new = 0
    for finding in ours:
        details = finding.details
        pair = (
            details["subject_kind"],
            details["subject_id"],
            details["entry_id"],
            details["subject_key"],
        )
        fields = {
            "subject_name": details["subject_name"][:500],
            "score": finding.score,
            "level": details["level"],
            "matched_name": details["matched_name"][:500],
            "explanation": details["explanation"],
        }
        row = stored.get(pair)
        if row is None:
            row = _keep(pair, details["list_id"], fields, screening_id)
            if row is None:  # another process kept it first: link that one
                row = session.scalar(
                    sa.select(VettingFinding).where(
                        VettingFinding.subject_kind == pair[0],
                        VettingFinding.subject_id == pair[1],
                        VettingFinding.entry_id == pair[2],
                        VettingFinding.subject_key == pair[3],
                    )
                )
            else:
                new += 1
            stored[pair] = row
        elif row.state == FindingState.OPEN:
            for name, value in fields.items():
                setattr(row, name, value)
        for dialogue_id in dialogues(pair[:2]):
            if (row.id, dialogue_id) not in linked:
                linked.add((row.id, dialogue_id))
                with contextlib.suppress(IntegrityError), session.begin_nested():
                    session.add(VettingFindingDialogue(finding_id=row.id, dialogue_id=dialogue_id))
    return new


def _keep(pair: tuple, list_id: int, fields: dict, screening_id: int | None):
    """A new finding, or None when another process kept the pair first."""
    row = VettingFinding(
        subject_kind=pair[0],
        subject_id=pair[1],
        entry_id=pair[2],
        subject_key=pair[3],
        list_id=list_id,
        screening_id=screening_id,
        **fields,
    )
    try:
        with db_session().begin_nested():
            db_session().add(row)
    except IntegrityError:
        return None
    return row
