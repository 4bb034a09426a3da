"""Recommendations: recording them in the draft, reading one with its follow-up, recording a
response."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from wtforms import RadioField, SelectChoice, SelectField

from core.plugin_api import db_session, form_page
from plugins.minutes import publication, recommendations
from plugins.minutes.chatham import Programme
from plugins.minutes.forms import ADDRESSEES, SOURCE_LABELS, FollowUpForm, RecommendationForm
from plugins.minutes.markdown import to_html
from plugins.minutes.models import Recommendation, ResponseStatus
from plugins.minutes.permissions import may_draft, require_drafter
from plugins.minutes.reading import read_recommendation
from plugins.minutes.views import bp, load, participant_choices


def _find(dialogue, recommendation_id: int) -> Recommendation:
    recommendation = db_session().get(Recommendation, recommendation_id)
    if recommendation is None or recommendation.dialogue_id != dialogue.id:
        abort(404)
    return recommendation


def _fill_choices(form: RecommendationForm, dialogue, viewer) -> None:
    sessions = Programme.of(dialogue).sessions
    form.session_id.choices = [SelectChoice(0, "None")] + [
        SelectChoice(s.id, s.title) for s in sessions.values()
    ]
    form.participation_id.choices = [SelectChoice(0, "Nobody")] + [
        SelectChoice(pid, f"{label} (@[{pid}])")
        for pid, label in participant_choices(dialogue, viewer)
    ]
    form.restates_id.choices = [SelectChoice(0, "No: it is new")] + [
        SelectChoice(r.id, f"{r.dialogue.title}, no. {r.number}: {r.text[:90]}")
        for r in recommendations.restatable(dialogue)
    ]


@bp.route("/dialogues/<slug>/minutes/recommendations/new", methods=["GET", "POST"])
@bp.route(
    "/dialogues/<slug>/minutes/recommendations/<int:recommendation_id>/edit",
    methods=["GET", "POST"],
)
def edit_recommendation(slug: str, recommendation_id: int | None = None):
    dialogue, viewer = load(slug)
    require_drafter(dialogue)
    recommendation = _find(dialogue, recommendation_id) if recommendation_id else None
    if recommendation is not None and recommendation.is_published:
        flash(
            f"Recommendation {recommendation.number} was published in version "
            f"{recommendation.published_version}: it is not changed any more. Record its "
            "follow-up instead."
        )
        return redirect(
            url_for("minutes.recommendation", slug=slug, recommendation_id=recommendation.id)
        )
    form = RecommendationForm(
        obj=recommendation,
        first_day=recommendations.first_day(dialogue),
        editing=recommendation is not None,
    )
    if recommendation is not None and not form.is_submitted():
        form.session_id.data = recommendation.session_id or 0
        form.participation_id.data = recommendation.participation_id or 0
        form.restates_id.data = recommendation.restates_id or 0
        form.source.data = recommendation.source.value
    _fill_choices(form, dialogue, viewer)
    context = dict(
        dialogue=dialogue,
        recommendation=recommendation,
        addressees=ADDRESSEES,
        source_hints={},
        source_labels=SOURCE_LABELS,
        conflict=None,
    )
    if form.validate_on_submit():
        values = {field: getattr(form, field).data for field in recommendations.FIELDS}
        values["session_id"] = values["session_id"] or None
        values["participation_id"] = values["participation_id"] or None
        values["contact_email"] = values["contact_email"] or ""
        restates = (
            db_session().get(Recommendation, form.restates_id.data)
            if form.restates_id.data
            else None
        )
        try:
            saved, hidden = recommendations.save(
                dialogue,
                recommendation,
                values,
                restates,
                base_revision=form.revision.data if recommendation is not None else None,
            )
        except recommendations.RecommendationLocked as locked:
            flash(f"Not saved: {locked}")
            return redirect(
                url_for("minutes.recommendation", slug=slug, recommendation_id=recommendation_id)
            )
        except recommendations.DueDateRefused as refused:
            form.due_on.errors = [*form.due_on.errors, str(refused)]
            return render_template("minutes/recommendation_form.html", form=form, **context), 422
        except recommendations.ChangedMeanwhile as changed:
            # nothing saved; the form keeps what was typed, and the next save builds on theirs
            form.revision.data, form.revision.raw_data = changed.revision, None
            context.update(conflict=changed, **_differences(form, changed))
            return render_template("minutes/recommendation_form.html", form=form, **context), 409
        if hidden:
            flash(
                "The text is kept as you wrote it, but the published page will not show: "
                + "; ".join(hidden)
                + "."
            )
        flash(f"Recommendation {saved.number} is saved in the draft.")
        return redirect(url_for("minutes.draft", slug=slug))
    return form_page("minutes/recommendation_form.html", form, **context)


def _differences(form: RecommendationForm, changed: recommendations.ChangedMeanwhile) -> dict:
    """What the other drafter saved that differs from what this one typed: the text as a diff,
    the other fields side by side, each as its form shows it."""

    def shown(field, value) -> str:
        if isinstance(field, SelectField | RadioField):
            labels = {choice.value: choice.label for choice in field.choices}
            return str(labels.get(value or 0, labels.get(value, value or "")))
        return "" if value is None else str(value)

    fields = []
    for name in (*recommendations.FIELDS, "restates_id"):
        if name == "text":
            continue
        field = getattr(form, name)
        theirs, yours = changed.current[name], field.data
        if hasattr(theirs, "value"):
            theirs = theirs.value
        if (theirs or None) != (yours or None):
            fields.append((field.label.text, shown(field, theirs), shown(field, yours)))
    text = publication.diff(changed.current["text"], form.text.data or "", "theirs", "yours")
    return {"changed_fields": fields, "text_diff": text}


@bp.route("/dialogues/<slug>/recommendations/<int:recommendation_id>")
def recommendation(slug: str, recommendation_id: int):
    dialogue, viewer = load(slug)
    item = _find(dialogue, recommendation_id)
    drafter = may_draft(current_user, dialogue)
    if not item.is_published and not drafter:
        abort(404)
    reading = read_recommendation(dialogue, item, viewer)
    return render_template(
        "minutes/recommendation.html",
        dialogue=dialogue,
        item=item,
        text=to_html(reading.source),
        credit=reading.credit,
        session=reading.session,
        standing=recommendations.standing(item, recommendations.today(dialogue)),
        may_follow_up=drafter and item.is_published,
        statuses=ResponseStatus,
    )


@bp.route(
    "/dialogues/<slug>/recommendations/<int:recommendation_id>/follow-up",
    methods=["GET", "POST"],
)
def follow_up(slug: str, recommendation_id: int):
    dialogue, _viewer = load(slug)
    require_drafter(dialogue)
    item = _find(dialogue, recommendation_id)
    if not item.is_published:
        abort(404)
    form = FollowUpForm(
        first_day=recommendations.first_day(dialogue), today=recommendations.today(dialogue)
    )
    if form.validate_on_submit():
        values = {
            "responded_on": form.responded_on.data,
            "status": ResponseStatus(form.status.data),
            "summary": form.summary.data or "",
            "evidence": form.evidence_links(),
        }
        recommendations.add_follow_up(item, values, current_user)
        flash("The response is recorded.")
        return redirect(url_for("minutes.recommendation", slug=slug, recommendation_id=item.id))
    return form_page("minutes/follow_up.html", form, dialogue=dialogue, item=item)
