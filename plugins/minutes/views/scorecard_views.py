"""The public scorecard of a series, with its CSV and JSON exports."""

from __future__ import annotations

import csv
import io
import json

import sqlalchemy as sa
from flask import Response, abort, render_template

from core.plugin_api import Series, db_session, formula_safe, utcnow
from plugins.minutes import chart, scorecard
from plugins.minutes.views import bp


def _scores(series_slug: str):
    series = db_session().scalar(sa.select(Series).where(Series.slug == series_slug))
    if series is None:
        abort(404)
    now = utcnow()
    scores = scorecard.scores(series, now)
    # as of today where the latest edition was held (in UTC when there is none)
    today = scores[-1].as_of if scores else now.date()
    return series, today, scores


@bp.route("/series/<series_slug>/scorecard")
def series_scorecard(series_slug: str):
    series, today, scores = _scores(series_slug)
    return render_template(
        "minutes/scorecard.html",
        series=series,
        today=today,
        scores=scores,
        columns=scorecard.COLUMNS,
        chart=chart.svg(scores) if scores else None,
    )


@bp.route("/series/<series_slug>/scorecard.csv")
def series_scorecard_csv(series_slug: str):
    series, _today, scores = _scores(series_slug)
    out = io.StringIO()
    writer = csv.writer(out)
    keys = ["slug", "title", "edition", "starts_on"] + [key for key, _label in scorecard.COLUMNS]
    writer.writerow(keys)
    for score in scores:
        data = score.as_dict()
        writer.writerow([formula_safe(data[key]) for key in keys])
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{series.slug}-scorecard.csv"'},
    )


@bp.route("/series/<series_slug>/scorecard.json")
def series_scorecard_json(series_slug: str):
    series, today, scores = _scores(series_slug)
    document = {
        "series": {"slug": series.slug, "name": series.name},
        "as_of": today.isoformat(),
        "editions": [score.as_dict() for score in scores],
    }
    return Response(json.dumps(document, ensure_ascii=False, indent=2), mimetype="application/json")
