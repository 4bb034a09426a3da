"""What the plugin adds to the core's pages."""

from __future__ import annotations

from flask import url_for
from markupsafe import Markup, escape


def series_scorecard_link(dialogue) -> Markup | None:
    """Beside a dialogue in a series: a link to the series' scorecard."""
    series = getattr(dialogue, "series", None)
    if series is None:
        return None
    href = url_for("minutes.series_scorecard", series_slug=series.slug)
    return Markup(
        '<div class="panel" data-plugin="minutes"><h2>Follow-up</h2>'
        f'<p><a href="{escape(href)}">Scorecard of the {escape(series.name)}</a>: what became '
        "of the recommendations of each edition.</p></div>"
    )


def stylesheet() -> Markup:
    href = url_for("minutes.static", filename="minutes.css")
    return Markup(f'<link rel="stylesheet" href="{escape(href)}">')
