import pytest

from core.db import db_session
from tests import factories


@pytest.fixture
def dialogue_slug(ctx):
    dialogue = factories.dialogue(slug="7th-ahrd", title="7th ASEAN Human Rights Dialogue")
    db_session().commit()
    return dialogue.slug
