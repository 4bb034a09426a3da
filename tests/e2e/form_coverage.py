"""The forms the browser journeys submitted.

Every page of a journey reports the POST requests it sends here (``record``), so that
``test_zz_forms_submitted`` can prove that each plugin's forms were submitted at least once by a
real browser — the rendered form with its hidden fields — and not only by the test client, which
posts what its author thought the form holds.
"""

from __future__ import annotations

from urllib.parse import urlsplit

SUBMITTED: set[str] = set()


def record(request) -> None:
    """A Playwright ``request`` listener: keep the path of every POST sent to Parley."""
    if request.method == "POST" and request.url.startswith("http://127.0.0.1:"):
        SUBMITTED.add(urlsplit(request.url).path)
