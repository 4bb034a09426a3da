from tests import factories


def test_home_page_lists_published_dialogue(ctx, client):
    factories.dialogue(title="7th ASEAN Human Rights Dialogue")
    from core.db import db_session

    db_session().commit()
    response = client.get("/")
    assert response.status_code == 200
    assert "7th ASEAN Human Rights Dialogue" in response.get_data(as_text=True)
