"""Every form of every plugin was submitted by a browser journey.

Runs after the journeys (its file name sorts last in ``tests/e2e``) and only when every journey
of the folder ran in this session: a run of one journey file proves nothing about the others.
A new plugin form fails this test until a journey submits it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from werkzeug.exceptions import HTTPException

from tests.e2e.form_coverage import SUBMITTED

HERE = Path(__file__).resolve()


def plugin_form_endpoints(app) -> set[str]:
    """The endpoints of the plugins' routes that take a POST."""
    return {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "POST" in (rule.methods or ())
        and app.view_functions[rule.endpoint].__module__.startswith("plugins.")
    }


def submitted_endpoints(app) -> set[str]:
    adapter = app.url_map.bind("127.0.0.1")
    found = set()
    for path in SUBMITTED:
        try:
            endpoint, _ = adapter.match(path, method="POST")
        except HTTPException:
            continue
        found.add(endpoint)
    return found


def test_every_plugin_form_was_submitted_by_a_browser_journey(request, browser, make_app):
    journeys = {p.resolve() for p in HERE.parent.glob("test_*.py")} - {HERE}
    ran = {Path(str(item.path)).resolve() for item in request.session.items}
    if not journeys <= ran:
        pytest.skip("only a run of every browser journey can tell which forms none submits")
    app = make_app()
    missing = sorted(plugin_form_endpoints(app) - submitted_endpoints(app))
    assert not missing, (
        "plugin forms no browser journey submits (add them to a journey, e.g. "
        f"tests/e2e/test_plugin_forms.py): {missing}"
    )
