from datetime import date

import pytest

TODAY = date(2026, 11, 23)
S003 = "003_1c981b526f6e6f3d"
S000 = "000_eae1af3fc182f435"
S002 = "002_e1d26794d2b88a5d"
S004 = "004_c7c74f520e7223bf"


@pytest.fixture(scope="session")
def catalog(corpus_forms):
    from assistant.ask.catalog import Catalog

    return Catalog.from_forms(list(corpus_forms.values()))


@pytest.fixture
def parse(catalog):
    from assistant.ask.question import parse_question

    return lambda text, today=TODAY: parse_question(text, catalog, today=today)


# -- the shipped corpus as a whole (seeds and gathered forms): what the gathered-form tests ask ---------


@pytest.fixture(scope="session")
def wide_catalog(all_forms):
    from assistant.ask.catalog import Catalog

    return Catalog.from_forms(list(all_forms))


@pytest.fixture(scope="session")
def asker(all_forms, tmp_path_factory):
    """Ask over every shipped form, offline (test_asker.py has its own, over the seeds)."""
    from assistant.ask import Asker
    from tests.conftest import index_settings

    return Asker(list(all_forms), None, index_settings(tmp_path_factory.mktemp("wide")), today=TODAY)


@pytest.fixture
def form_of(all_forms):
    """The one shipped form whose unit's name holds `unit` (and whose project holds `project`)."""
    def find(unit, project=""):
        found = [f for f in all_forms if unit in (f.unit or "") and any(project in p.name for p in f.projects)]
        assert len(found) == 1, f"{len(found)} forms of {unit!r}"
        return found[0]
    return find
