"""Alembic environment for Parley: the core's branch and one branch per plugin.

Run through ``parley db upgrade`` (``core.migrate``), which passes the application's engine
and the version folders plugins register.
"""

from alembic import context

import core.models  # noqa: F401  (registers the core's tables)
from core.db import Base

config = context.config
connection = config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
