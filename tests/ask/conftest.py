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
