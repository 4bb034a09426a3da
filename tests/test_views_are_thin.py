"""Views parse, authorise, call a service and render: the queries and the transaction belong to
the services. The view modules listed here hold no commit, no rollback and no query of the
database session; a module joins the list once its views are made thin."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
THIN = [
    "core/organisations/views.py",
    "core/users/views.py",
    "plugins/vetting/views/list_views.py",
    "plugins/vetting/views/review_views.py",
    "plugins/vetting/views/screening_views.py",
]
TRANSACTION = {"commit", "rollback"}
SESSION_WORK = {"execute", "scalars", "scalar", "get", "add", "delete", "flush"}


def service_work(source: str) -> list[str]:
    """Each call of ``source`` that does a service's work, as ``line: call``: a commit or
    rollback of anything, and a query or change through ``db_session()``, called directly or
    through a name bound to it."""
    tree = ast.parse(source)
    sessions = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and _is_db_session(node.value)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        owner, name = node.func.value, node.func.attr
        on_session = _is_db_session(owner) or (isinstance(owner, ast.Name) and owner.id in sessions)
        if name in TRANSACTION or (on_session and name in SESSION_WORK):
            found.append(f"{node.lineno}: {ast.unparse(node.func)}")
    return found


def _is_db_session(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "db_session"
    )


@pytest.mark.parametrize("module", THIN)
def test_a_thin_view_module_leaves_queries_and_commits_to_services(module):
    assert service_work((ROOT / module).read_text(encoding="utf-8")) == []


def test_the_check_finds_each_kind_of_service_work():
    source = """
def view():
    db_session().get(User, 1)
    session = db_session()
    session.scalars(query)
    session.add(thing)
    db_session().commit()
    other.rollback()
    render_template("page.html", rows=service.rows())
"""
    assert service_work(source) == [
        "3: db_session().get",
        "5: session.scalars",
        "6: session.add",
        "7: db_session().commit",
        "8: other.rollback",
    ]
