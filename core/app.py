"""The application factory."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from core import auth, config, db, errors, input_guards, screened_changes, security, templating
from core.audit_log.views import bp as audit_log_bp
from core.auth.account_views import bp as account_bp
from core.auth.recovery_views import bp as recovery_bp
from core.auth.two_factor_views import bp as two_factor_bp
from core.auth.views import bp as auth_bp
from core.cli import register_commands
from core.dialogues.series_views import bp as series_bp
from core.dialogues.views import bp as dialogues_bp
from core.hooks import Hooks
from core.organisations.focal_point_views import bp as focal_points_bp
from core.organisations.views import bp as organisations_bp
from core.outbox.outbox_views import bp as outbox_bp
from core.outbox.wording_views import bp as emails_bp
from core.participation.badge_views import bp as badges_bp
from core.participation.category_views import bp as categories_bp
from core.participation.invitation_answers import bp as answers_bp
from core.participation.invitation_views import bp as invitations_bp
from core.participation.listing_views import bp as participants_bp
from core.participation.registration_views import bp as registration_bp
from core.participation.review_views import bp as review_bp
from core.participation.visibility_views import bp as visibility_bp
from core.participation.withdrawal_views import bp as withdrawal_bp
from core.people.views import bp as people_bp
from core.personal_data.views import bp as personal_data_bp
from core.plugins import build_plugin_manager
from core.users.views import bp as users_bp

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(
    test_config: dict[str, Any] | None = None, *, plugins: Mapping[str, object] | None = None
) -> Flask:
    """Build a Parley application.

    ``test_config`` replaces the instance file and environment; ``plugins`` registers extra
    plugin objects by name beside those found through entry points.
    """
    app = Flask(
        "core",
        instance_path=os.environ.get("PARLEY_INSTANCE_PATH") or None,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
    )
    config.load(app, test_config)
    if app.config["TRACE_PLUGINS"]:
        logging.getLogger("parley.plugins").setLevel(logging.INFO)
        logging.basicConfig()
    pm, infos = build_plugin_manager(
        disabled=app.config["DISABLED_PLUGINS"],
        extra=plugins,
        trace=bool(app.config["TRACE_PLUGINS"]),
    )
    hooks = Hooks(pm)
    app.extensions.update(
        {
            "parley.pm": pm,
            "parley.plugins": infos,
            "parley.hooks": hooks,
            "parley.extra_plugins": dict(plugins or {}),
        }
    )

    proxies = int(app.config["PROXY_COUNT"])
    if proxies:
        # behind N proxies, take the client's address and scheme from their headers
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    db.init_app(app)
    screened_changes.watch(app.extensions["parley.db"])
    input_guards.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    auth.init_app(app)
    templating.init_app(app, hooks)

    for blueprint in (
        auth_bp,
        recovery_bp,
        account_bp,
        two_factor_bp,
        dialogues_bp,
        series_bp,
        organisations_bp,
        focal_points_bp,
        people_bp,
        users_bp,
        categories_bp,
        registration_bp,
        review_bp,
        badges_bp,
        withdrawal_bp,
        visibility_bp,
        participants_bp,
        invitations_bp,
        emails_bp,
        answers_bp,
        personal_data_bp,
        outbox_bp,
        audit_log_bp,
        *hooks.blueprints(),
    ):
        app.register_blueprint(blueprint)
    register_commands(app)
    for command in hooks.commands():
        app.cli.add_command(command)
    return app
