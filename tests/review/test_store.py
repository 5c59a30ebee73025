"""The SQLite store: versions, decisions, history, approvals, conflicts — a real database file."""

import sqlite3
import threading

import pytest

from assistant.review.store import ConflictError, Store, StoreError


@pytest.fixture
def store(tmp_path):
    return Store(tmp_path / "state" / "assistant.sqlite3")


def test_every_version_is_kept_and_the_latest_loads(store):
    info = store.create_draft("预防性体检工作经费", {"rows": ["a"]}, user="张三")
    assert (info.status, info.version, info.created_by) == ("草稿", 1, "张三")
    store.save_version(info.id, {"rows": ["a", "b"]}, based_on=1, user="李四", note="补一行")
    assert store.load(info.id).content == {"rows": ["a", "b"]}
    assert store.load(info.id, version=1).content == {"rows": ["a"]}
    assert [v.saved_by for v in store.versions(info.id)] == ["张三", "李四"]
    assert store.get(info.id).updated_by == "李四"


def test_a_stale_save_is_refused_and_writes_nothing(store):
    info = store.create_draft("草稿", {"v": 1}, user="甲")
    store.save_version(info.id, {"v": 2}, based_on=1, user="甲")
    with pytest.raises(ConflictError) as err:
        store.save_version(info.id, {"v": "乙的修改"}, based_on=1, user="乙")
    assert "甲" in str(err.value) and "第 2 版" in str(err.value)
    assert store.load(info.id).content == {"v": 2}
    assert len(store.versions(info.id)) == 2


def test_concurrent_saves_from_threads_one_wins_one_conflicts(store):
    info = store.create_draft("并发", {"v": 0}, user="甲")
    results = []

    def save(user):
        try:
            store.save_version(info.id, {"by": user}, based_on=1, user=user)
            results.append(("ok", user))
        except ConflictError:
            results.append(("conflict", user))

    threads = [threading.Thread(target=save, args=(u,)) for u in ("甲", "乙")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r[0] for r in results) == ["conflict", "ok"]
    winner = next(u for r, u in results if r == "ok")
    assert store.load(info.id).content == {"by": winner} and store.get(info.id).version == 2


def test_decisions_history_and_approval(store):
    info = store.create_draft("草稿", {"v": 1}, user="甲")
    store.decide(info.id, "row-3", "delete", user="甲", note="重复")
    store.decide(info.id, "row-3", "keep", user="乙")
    assert store.decisions(info.id)["row-3"]["decision"] == "keep"
    claim = store.claim_approval(info.id, version=1, user="审核员", override_reason="本项目无时效要求",
                                 corpus_form_id="draft-x")
    assert store.get(info.id).status == "草稿"  # claimed, not yet approved
    store.finish_approval(claim)
    assert store.get(info.id).status == "已审核"
    actions = [e["action"] for e in store.history(info.id)]
    assert actions == ["create", "decide", "decide", "approve"]
    assert store.history(info.id)[-1]["detail"]["override_reason"] == "本项目无时效要求"
    with pytest.raises(ConflictError):
        store.claim_approval(info.id, version=0, user="审核员", override_reason=None, corpus_form_id="x")


def test_a_claimed_draft_refuses_saves_and_a_second_claim_until_released(store):
    info = store.create_draft("草稿", {"v": 1}, user="甲")
    claim = store.claim_approval(info.id, version=1, user="乙", override_reason=None, corpus_form_id="x")
    with pytest.raises(ConflictError, match="正在由 乙 审核"):
        store.save_version(info.id, {"v": 2}, based_on=1, user="甲")
    with pytest.raises(ConflictError):
        store.claim_approval(info.id, version=1, user="丙", override_reason=None, corpus_form_id="x")
    assert [c.draft_id for c in store.claims()] == [info.id]
    store.release_claim(claim)
    assert store.claims() == [] and store.get(info.id).status == "草稿"
    assert store.save_version(info.id, {"v": 2}, based_on=1, user="甲").version == 2


def test_an_edit_after_approval_returns_the_draft_to_review(store):
    info = store.create_draft("草稿", {"v": 1}, user="甲")
    store.finish_approval(store.claim_approval(info.id, version=1, user="乙", override_reason=None,
                                               corpus_form_id="x"))
    store.save_version(info.id, {"v": 2}, based_on=1, user="甲")
    assert store.get(info.id).status == "草稿"


def test_state_survives_reopening_the_file(tmp_path):
    path = tmp_path / "a.sqlite3"
    info = Store(path).create_draft("持久化", {"x": "中文内容"}, user="甲")
    again = Store(path)
    assert again.load(info.id).content == {"x": "中文内容"}
    assert [d.title for d in again.list_drafts()] == ["持久化"]
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_unknown_draft_and_status(store):
    with pytest.raises(StoreError, match="不存在"):
        store.load("nope")
    info = store.create_draft("草稿", {}, user="甲")
    with pytest.raises(StoreError, match="未知状态"):
        store.set_status(info.id, "完成", user="甲")  # type: ignore[arg-type]


def test_a_database_made_before_a_column_was_added_gets_it_on_open(tmp_path):
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:  # approval_claims as an earlier release created it
        db.execute("CREATE TABLE approval_claims (draft_id TEXT PRIMARY KEY, version INTEGER NOT NULL, "
                   "claimed_by TEXT NOT NULL, claimed_at TEXT NOT NULL, override_reason TEXT, "
                   "corpus_form_id TEXT, pid INTEGER NOT NULL)")
        db.execute("INSERT INTO approval_claims VALUES ('d1', 1, '甲', '2026-01-01T00:00:00+00:00', NULL, 'f1', 1)")
    store = Store(path)
    assert [(c.draft_id, c.errors_feed_drafts) for c in store.claims()] == [("d1", False)]
    with sqlite3.connect(path) as db:
        assert "errors_feed_drafts" in {row[1] for row in db.execute("PRAGMA table_info(approval_claims)")}
