"""The scorecard's chart: a server-rendered SVG, readable without JavaScript.

One horizontal bar per edition, split into answered on time, answered late, overdue and not
due yet, each part with its number written in it when there is room; the figure has a title
and a description for screen readers, and the page shows the same numbers as a table.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from plugins.minutes.scorecard import EditionScore

PARTS = (
    ("answered_on_time", "Answered on time", "#00703c"),
    ("answered_late", "Answered late", "#1d70b8"),
    ("overdue", "Overdue, no answer", "#b0281a"),
    ("awaiting", "Not due yet", "#6f777b"),
)
WIDTH, LABEL, BAR, GAP, LEGEND = 640, 200, 28, 14, 40


def svg(scores: list[EditionScore]) -> Markup:
    """The chart as inline SVG markup."""
    most = max((s.recommendations for s in scores), default=0) or 1
    span = WIDTH - LABEL - 10
    height = LEGEND + len(scores) * (BAR + GAP) + 10
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" aria-labelledby="scorecard-chart-title scorecard-chart-desc" '
        f'font-family="system-ui, sans-serif" font-size="13">',
        '<title id="scorecard-chart-title">What became of the recommendations, by edition</title>',
        f'<desc id="scorecard-chart-desc">{escape(_description(scores))}</desc>',
    ]
    x = 0
    for _key, words, colour in PARTS:
        out.append(f'<rect x="{x}" y="6" width="14" height="14" fill="{colour}"/>')
        out.append(f'<text x="{x + 18}" y="18">{escape(words)}</text>')
        x += 20 + 8 * len(words)
    for row, score in enumerate(scores):
        y = LEGEND + row * (BAR + GAP)
        out.append(
            f'<text x="0" y="{y + BAR / 2 + 5}">{escape(_name(score))} '
            f"({score.recommendations})</text>"
        )
        left = LABEL
        for key, words, colour in PARTS:
            count = getattr(score, key)
            if not count:
                continue
            width = span * count / most
            out.append(
                f'<rect x="{left:.1f}" y="{y}" width="{width:.1f}" height="{BAR}" '
                f'fill="{colour}"><title>{escape(words)}: {count}</title></rect>'
            )
            if width >= 22:
                out.append(
                    f'<text x="{left + width / 2:.1f}" y="{y + BAR / 2 + 5}" fill="#fff" '
                    f'text-anchor="middle">{count}</text>'
                )
            left += width
    out.append("</svg>")
    return Markup("".join(out))


def _name(score: EditionScore) -> str:
    """``7th, 2025``: short enough for the bar's label."""
    return f"{score.edition}, {score.starts_on.year}" if score.edition else score.title[:28]


def _description(scores: list[EditionScore]) -> str:
    return " ".join(
        f"{s.title}: {s.recommendations} recommendations, {s.answered_on_time} answered on "
        f"time, {s.answered_late} late, {s.overdue} overdue, {s.awaiting} not due yet."
        for s in scores
    )
