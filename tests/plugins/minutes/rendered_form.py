"""A form as a browser sends it: read from the rendered page, hidden fields included.

The test client posts what a test says; a browser posts what the page holds. ``rendered_form``
reads a page's POST form with ``html.parser`` and gives back every field a browser would send
with the value the page gave it (the checked radios and checkboxes, the selected option or the
first, the text of a textarea), so a test can change what a user types and post the rest as is.
"""

from __future__ import annotations

from html.parser import HTMLParser


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._select_chosen: bool | None = None
        self._select_at: int | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        attributes = dict(attrs)
        if tag == "form":
            method = (attributes.get("method") or "get").lower()
            self._form = (
                {"action": attributes.get("action"), "fields": []} if method == "post" else None
            )
            if self._form is not None:
                self.forms.append(self._form)
            return
        if self._form is None:
            return
        fields = self._form["fields"]
        name = attributes.get("name")
        if tag == "option" and self._select is not None:
            value = attributes.get("value") or ""
            if self._select_chosen is None:  # the first option, until one is selected
                fields.append((self._select, value))
                self._select_chosen = False
            elif "selected" in attributes and not self._select_chosen:
                fields[self._select_at] = (self._select, value)
            if "selected" in attributes:
                self._select_chosen = True
            if self._select_at is None:
                self._select_at = len(fields) - 1
            return
        if not name:
            return
        if tag == "select":
            self._select, self._select_chosen, self._select_at = name, None, None
        elif tag == "textarea":
            self._textarea = name
            fields.append((name, ""))
        elif tag == "input":
            kind = (attributes.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("radio", "checkbox") and "checked" not in attributes:
                return
            default = "on" if kind in ("radio", "checkbox") else ""
            fields.append((name, attributes.get("value", default) or ""))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None and self._form is not None:
            name, text = self._form["fields"][-1]
            self._form["fields"][-1] = (name, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            # a browser drops the line break that opens a textarea's content
            name, text = self._form["fields"][-1]
            self._form["fields"][-1] = (name, text.removeprefix("\r\n").removeprefix("\n"))
            self._textarea = None
        elif tag == "form":
            self._form = None


def rendered_forms(html: str) -> list[dict]:
    """Every POST form of a page: its ``action`` and its ``fields`` as (name, value) pairs."""
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def rendered_form(html: str, index: int | None = None, **typed) -> dict[str, list[str]]:
    """The fields of a page's POST form as a browser sends them, after the user typed ``typed``
    (a name and its new value, or a list of values for a choice of several). The form is the
    page's ``index``-th, or else the one with the most fields (not the header's sign-out)."""
    forms = rendered_forms(html)
    form = forms[index] if index is not None else max(forms, key=lambda f: len(f["fields"]))
    fields: dict[str, list[str]] = {}
    for name, value in form["fields"]:
        fields.setdefault(name, []).append(value)
    for name, value in typed.items():
        fields[name] = list(value) if isinstance(value, list | tuple) else [str(value)]
    return fields
