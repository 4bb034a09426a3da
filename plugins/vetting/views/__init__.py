"""The vetting plugin's pages: the lists, and the review of findings per dialogue."""

from flask import Blueprint

bp = Blueprint("vetting", __name__, template_folder="../templates")

from plugins.vetting.views import (  # noqa: E402, F401  (routes)
    list_views,
    review_views,
    screening_views,
)
