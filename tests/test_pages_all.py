"""Every page runs on the demo database and offers the demo interventions."""
import pytest
from conftest import open_page

DEMO = ["Baas in eigen soap", "Gedrag: ik doe ertoe!", "JOIN us", "Leerlingbemiddeling",
        "Stichting Join us"]
PAGES = {"pages/overzicht.py": "Implementatiemonitor", "pages/checklist.py": "Checklist invullen",
         "pages/verbeterpunten.py": "Verbeterpunten", "pages/vergelijken.py": "Vergelijken",
         "pages/voortgang.py": "Voortgang", "pages/monitoring.py": "Monitoring",
         "pages/beheer.py": "Beheer"}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_runs_and_offers_the_demo_interventions(app_db, page):
    at = open_page(page, "JOIN us")
    assert not at.exception
    assert at.title[0].value == PAGES[page]
    sidebar = at.sidebar.selectbox(key="intervention")
    assert sidebar.options == DEMO
    assert DEMO[sidebar.index] == "JOIN us"  # the choice carried over to this page
    assert any("Database:" in c.value for c in at.sidebar.caption)
