"""The outbox page: every e-mail Parley wrote, newest first, and each as it would arrive.

Administrators only: messages hold personal data (names, decisions about people, links that
reset a password or answer an invitation), and organisers see their dialogues' people on the
dialogues' own pages. Opening a message is audited (``outbox.message_viewed``), since its body
may hold a working link to someone's account.

Without an SMTP server (``core.config.mail_configured``) this page is where mail goes: opening
the list first delivers whatever is queued to the in-app outbox (``core.outbox.local``), so
that ``parley run`` alone, with no ``parley outbox send`` beside it, shows the mail it wrote.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, render_template, request
from markupsafe import Markup, escape
from wtforms import Form, SelectChoice, SelectField, StringField
from wtforms.validators import Length, Optional

from core import audit
from core.auth import require
from core.config import mail_configured
from core.db import db_session
from core.models import OutboxMessage
from core.outbox.local import deliver_in_app
from core.outbox.status import STATES, state_condition, state_of
from core.outbox.transport import MailSettings
from core.pagination import paginate

bp = Blueprint("outbox", __name__, url_prefix="/admin/outbox")

PAGE_SIZE = 50
# an address in a message's text: up to the first space or character no address holds
_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
_TRAILING = ".,;:!?)]}"


class OutboxFilter(Form):
    """The list's filters, read from the query string (a GET form: no CSRF token)."""

    to = StringField("Recipient", [Optional(), Length(max=254)], description="Part of the address")
    kind = SelectField("Kind", choices=[SelectChoice("", "Any kind")], default="")
    state = SelectField(
        "Status",
        choices=[SelectChoice("", "Any status")]
        + [SelectChoice(key, text) for key, text in STATES.items()],
        default="",
    )


@bp.route("/")
@require("outbox.read")
def index():
    session = db_session()
    if not mail_configured(current_app.config):
        deliver_in_app(session)
    form = OutboxFilter(request.args)
    kinds = session.scalars(
        sa.select(OutboxMessage.kind).distinct().order_by(OutboxMessage.kind)
    ).all()
    form.kind.choices = [SelectChoice("", "Any kind")] + [SelectChoice(k, k) for k in kinds]
    if not form.validate():
        return _list(form, None, 422)
    m = OutboxMessage
    query = sa.select(m).order_by(m.created_at.desc(), m.id.desc())
    if form.to.data:
        query = query.where(m.to_address.icontains(form.to.data, autoescape=True))
    if form.kind.data:
        query = query.where(m.kind == form.kind.data)
    if form.state.data:
        query = query.where(state_condition(form.state.data))
    return _list(form, paginate(query, request.args, size=PAGE_SIZE))


def _list(form: OutboxFilter, page, status: int = 200):
    return (
        render_template(
            "outbox/index.html",
            form=form,
            page=page,
            states=STATES,
            state_of=state_of,
            configured=mail_configured(current_app.config),
        ),
        status,
    )


@bp.route("/<int:message_id>")
@require("outbox.read")
def show(message_id: int):
    session = db_session()
    message = session.get(OutboxMessage, message_id)
    if message is None:
        abort(404)
    audit.record("outbox.message_viewed", message, dialogue_id=message.dialogue_id)
    session.commit()
    return render_template(
        "outbox/show.html",
        message=message,
        sender=_sender(),
        body=linked(message.body, _link_host()),
        state=state_of(message),
        states=STATES,
    )


def _sender() -> str:
    """The From: header the message goes out with, as configured."""
    try:
        return MailSettings.from_config(current_app.config).sender
    except ValueError:  # the sender says so before sending; the page shows what is set
        return str(current_app.config.get("MAIL_FROM") or "")


def _link_host() -> str:
    """The host whose links are made clickable: ``PUBLIC_URL``'s, else this request's (the one
    links are built on without it, ``core.links``)."""
    public = (current_app.config.get("PUBLIC_URL") or "").strip()
    return (urlsplit(public).netloc if public else request.host).lower()


def linked(text: str, host: str) -> Markup:
    """``text`` escaped, with each http(s) address on ``host`` made a link; any other address
    stays plain text, so that a message never links a reader to another site."""
    parts: list[str] = []
    position = 0
    for match in _URL.finditer(text):
        address = match.group().rstrip(_TRAILING)
        end = match.start() + len(address)
        parts.append(escape(text[position : match.start()]))
        try:
            netloc = urlsplit(address).netloc.lower()
        except ValueError:  # not an address after all (e.g. a bad IPv6 host)
            netloc = ""
        if host and netloc == host:
            parts.append(Markup('<a href="{0}">{0}</a>').format(address))
        else:
            parts.append(escape(address))
        position = end
    parts.append(escape(text[position:]))
    return Markup("").join(parts)
