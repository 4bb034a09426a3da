"""The scorecard's chart: a server-rendered SVG, readable without JavaScript.

One horizontal bar per edition under its label, split into answered on time, answered late,
overdue and not due yet, each part with its number written in it when there is room; the
figure has a title and a description for screen readers, and the page shows the same numbers
as a table.
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
# The viewBox is as wide as the narrowest phone's page, so the chart only ever grows: 14 units
# of text are never drawn smaller than 12.6 px (a 320-px screen leaves the chart 288 px). Each
# edition's label stands on its own line above its bar, and the legend keeps two columns.
WIDTH, FONT, BAR, LABEL, GAP, COLUMN, SWATCH = 320, 14, 24, 20, 12, 165, 14
LEGEND = 2 * (SWATCH + 8) + 6
# how wide a character is at most, in em: a number is written in a part only when it fits
CHAR_EM = 0.6


def svg(scores: list[EditionScore]) -> Markup:
    """The chart as inline SVG markup."""
    most = max((s.recommendations for s in scores), default=0) or 1
    row = LABEL + BAR + GAP
    height = LEGEND + len(scores) * row
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" aria-labelledby="scorecard-chart-title scorecard-chart-desc" '
        f'font-family="system-ui, sans-serif" font-size="{FONT}">',
        '<title id="scorecard-chart-title">What became of the recommendations, by edition</title>',
        f'<desc id="scorecard-chart-desc">{escape(_description(scores))}</desc>',
    ]
    for index, (_key, words, colour) in enumerate(PARTS):
        x, y = COLUMN * (index % 2), (SWATCH + 8) * (index // 2)
        out.append(f'<rect x="{x}" y="{y}" width="{SWATCH}" height="{SWATCH}" fill="{colour}"/>')
        out.append(f'<text x="{x + SWATCH + 4}" y="{y + SWATCH}">{escape(words)}</text>')
    for index, score in enumerate(scores):
        top = LEGEND + index * row
        out.append(
            f'<text x="0" y="{top + LABEL - 6}">{escape(_name(score))} '
            f"({score.recommendations})</text>"
        )
        y = top + LABEL
        left = 0.0
        for key, words, colour in PARTS:
            count = getattr(score, key)
            if not count:
                continue
            width = WIDTH * count / most
            out.append(
                f'<rect x="{left:.1f}" y="{y}" width="{width:.1f}" height="{BAR}" '
                f'fill="{colour}"><title>{escape(words)}: {count}</title></rect>'
            )
            if width >= len(str(count)) * FONT * CHAR_EM + 4:
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
