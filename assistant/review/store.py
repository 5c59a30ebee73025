"""SQLite state: drafts, every version of a draft, review decisions per row, status,
who changed what and when, approvals. (LLM calls are logged by assistant.llm.call_log.)

Concurrency: a version check. Every save names the version it was based on; if
someone saved in between, the save is refused with a `ConflictError` that says who
and when, and nothing is written. Writes run in `BEGIN IMMEDIATE` transactions, so two
writers never interleave. Connections are per thread, because the web app serves from
threads: a call opens its own, unless it runs inside `session()`, which lends one connection to
every call of a workflow step in that thread. WAL mode lets readers go on while one writer writes.

Approval is claimed first (`claim_approval`: the version checked and an `approval_claims` row
written in one transaction), so a refused approval writes nothing anywhere; the workflow then
writes the corpus form, the exports and the index, and `finish_approval` records it. A claim left
by a killed process is finished by `Workflow.recover()`. While a draft is claimed, saves are refused.

The store keeps draft content as JSON text and does not interpret it.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from assistant.errors import UserError

Status = Literal["草稿", "已审核", "已导出"]
STATUSES: tuple[Status, ...] = ("草稿", "已审核", "已导出")
Decision = Literal["keep", "delete", "redraft", "edit"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS drafts (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('草稿', '已审核', '已导出')),
    version INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS draft_versions (
    draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    content TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    saved_by TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (draft_id, version)
);
CREATE TABLE IF NOT EXISTS row_decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    row_key TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('keep', 'delete', 'redraft', 'edit')),
    note TEXT NOT NULL DEFAULT '',
    decided_by TEXT NOT NULL,
    decided_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS approvals (
    draft_id TEXT NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    approved_by TEXT NOT NULL,
    approved_at TEXT NOT NULL,
    override_reason TEXT,
    corpus_form_id TEXT
);
CREATE TABLE IF NOT EXISTS approval_claims (
    draft_id TEXT PRIMARY KEY REFERENCES drafts(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    claimed_by TEXT NOT NULL,
    claimed_at TEXT NOT NULL,
    override_reason TEXT,
    corpus_form_id TEXT,
    pid INTEGER NOT NULL,
    errors_feed_drafts INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    draft_id TEXT,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS events_by_draft ON events(draft_id, id);
CREATE INDEX IF NOT EXISTS decisions_by_draft ON row_decisions(draft_id, row_key, id);
"""


class StoreError(UserError):
    """A store operation the user asked for cannot be done; `str()` is a Chinese message."""


class ConflictError(StoreError):
    """Someone saved the draft after the version this save was based on."""


class StaleTableError(ConflictError):
    """An edit arrived for a table that was no longer the one shown (the page was replacing it)."""


@dataclass(frozen=True)
class DraftInfo:
    id: str
    title: str
    status: Status
    version: int
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str


@dataclass(frozen=True)
class DraftVersion:
    draft_id: str
    version: int
    content: dict[str, Any]
    saved_at: str
    saved_by: str
    note: str


@dataclass(frozen=True)
class ApprovalClaim:
    draft_id: str
    version: int
    user: str
    override_reason: str | None
    corpus_form_id: str
    pid: int
    errors_feed_drafts: bool = False


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def local_time(iso: str) -> str:
    """A stored UTC time as the clock on this machine shows it: 2026-12-02 10:07:46."""
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M:%S")
    except ValueError:
        return iso


# Columns added after a release: a database made by an older version gets them on open.
_ADDED_COLUMNS = {"approval_claims": {"errors_feed_drafts": "INTEGER NOT NULL DEFAULT 0"}}


def _add_missing_columns(db: sqlite3.Connection) -> None:
    for table, columns in _ADDED_COLUMNS.items():
        have = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        for name, declaration in columns.items():
            if name not in have:
                db.execute(f"ALTER TABLE {table} ADD COLUMN {name} {declaration}")


class Store:
    def __init__(self, path: Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        try:
            with self._connect() as db:
                db.execute("PRAGMA journal_mode=WAL")
                db.executescript(SCHEMA)
                _add_missing_columns(db)
        except sqlite3.DatabaseError as exc:  # not a database, or damaged
            raise StoreError(f"数据库文件 {self.path.name} 已损坏或不是 SQLite 数据库（{exc}）",
                             hint=f"请把它移走或从备份恢复（位置：{self.path.parent}），再重新打开") from None

    @contextmanager
    def session(self) -> Iterator[None]:
        """Every store call inside, in this thread, shares one connection (nested sessions reuse it)."""
        if getattr(self._local, "db", None) is not None:
            yield
            return
        with self._open() as db:
            self._local.db = db
            try:
                yield
            finally:
                self._local.db = None

    @contextmanager
    def _open(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=15, isolation_level=None)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA foreign_keys=ON")
        try:
            yield db
        finally:
            db.close()

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        shared = getattr(self._local, "db", None)
        if shared is not None:
            yield shared
            return
        with self._open() as db:
            yield db

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    @staticmethod
    def _event(db: sqlite3.Connection, draft_id: str | None, user: str, action: str, **detail: Any) -> None:
        db.execute("INSERT INTO events (draft_id, at, user, action, detail) VALUES (?, ?, ?, ?, ?)",
                   (draft_id, _now(), user, action, json.dumps(detail, ensure_ascii=False)))

    # ------------------------------------------------------------ drafts

    def create_draft(self, title: str, content: dict[str, Any], user: str, note: str = "新建草稿") -> DraftInfo:
        draft_id = uuid.uuid4().hex[:12]
        now = _now()
        with self._write() as db:
            db.execute("INSERT INTO drafts VALUES (?, ?, '草稿', 1, ?, ?, ?, ?)",
                       (draft_id, title, now, user, now, user))
            db.execute("INSERT INTO draft_versions VALUES (?, 1, ?, ?, ?, ?)",
                       (draft_id, json.dumps(content, ensure_ascii=False), now, user, note))
            self._event(db, draft_id, user, "create", title=title)
        return self.get(draft_id)

    def save_version(self, draft_id: str, content: dict[str, Any], *, based_on: int, user: str,
                     note: str = "") -> DraftInfo:
        """Save a new version; refused with ConflictError when `based_on` is not the latest."""
        with self._write() as db:
            row = db.execute("SELECT * FROM drafts WHERE id = ?", (draft_id,)).fetchone()
            if row is None:
                raise StoreError(f"草稿 {draft_id} 不存在")
            self._refuse_if_claimed(db, draft_id)
            if row["version"] != based_on:
                raise ConflictError(
                    f"草稿已被 {row['updated_by']} 于 {local_time(row['updated_at'])} 修改（当前第 {row['version']} 版，"
                    f"您编辑的是第 {based_on} 版）。您的修改没有保存：刷新页面载入最新版本后重新修改，"
                    f"或点“另存为新草稿”把页面上的内容存成一份新草稿。")
            version = row["version"] + 1
            now = _now()
            db.execute("INSERT INTO draft_versions VALUES (?, ?, ?, ?, ?, ?)",
                       (draft_id, version, json.dumps(content, ensure_ascii=False), now, user, note))
            # An edit after approval sends the draft back to review.
            db.execute("UPDATE drafts SET version = ?, updated_at = ?, updated_by = ?, status = '草稿' WHERE id = ?",
                       (version, now, user, draft_id))
            self._event(db, draft_id, user, "save", version=version, note=note)
        return self.get(draft_id)

    def rename(self, draft_id: str, title: str, user: str) -> DraftInfo:
        with self._write() as db:
            db.execute("UPDATE drafts SET title = ?, updated_at = ?, updated_by = ? WHERE id = ?",
                       (title, _now(), user, draft_id))
            self._event(db, draft_id, user, "rename", title=title)
        return self.get(draft_id)

    def set_status(self, draft_id: str, status: Status, user: str, **detail: Any) -> DraftInfo:
        if status not in STATUSES:
            raise StoreError(f"未知状态“{status}”")
        with self._write() as db:
            db.execute("UPDATE drafts SET status = ?, updated_at = ?, updated_by = ? WHERE id = ?",
                       (status, _now(), user, draft_id))
            self._event(db, draft_id, user, "status", status=status, **detail)
        return self.get(draft_id)

    @staticmethod
    def _refuse_if_claimed(db: sqlite3.Connection, draft_id: str) -> None:
        claim = db.execute("SELECT * FROM approval_claims WHERE draft_id = ?", (draft_id,)).fetchone()
        if claim is not None:
            raise ConflictError(f"草稿第 {claim['version']} 版正在由 {claim['claimed_by']} 审核，请稍后刷新再操作")

    def claim_approval(self, draft_id: str, *, version: int, user: str, override_reason: str | None,
                       corpus_form_id: str, errors_feed_drafts: bool = False) -> ApprovalClaim:
        """Check the version and claim it for approval, in one transaction; nothing is written elsewhere yet."""
        with self._write() as db:
            row = db.execute("SELECT version FROM drafts WHERE id = ?", (draft_id,)).fetchone()
            if row is None:
                raise StoreError(f"草稿 {draft_id} 不存在")
            self._refuse_if_claimed(db, draft_id)
            if row["version"] != version:
                raise ConflictError(f"草稿已更新到第 {row['version']} 版，请对最新版本审核")
            db.execute("INSERT INTO approval_claims (draft_id, version, claimed_by, claimed_at, override_reason, "
                       "corpus_form_id, pid, errors_feed_drafts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (draft_id, version, user, _now(), override_reason, corpus_form_id, os.getpid(),
                        int(errors_feed_drafts)))
        return ApprovalClaim(draft_id, version, user, override_reason, corpus_form_id, os.getpid(), errors_feed_drafts)

    def finish_approval(self, claim: ApprovalClaim) -> DraftInfo:
        """Record a claimed approval whose form, exports and index are written; the claim ends."""
        with self._write() as db:
            held = db.execute("SELECT * FROM approval_claims WHERE draft_id = ? AND version = ?",
                              (claim.draft_id, claim.version)).fetchone()
            if held is not None:  # None: already finished (by recovery in another process)
                db.execute("INSERT INTO approvals VALUES (?, ?, ?, ?, ?, ?)",
                           (claim.draft_id, claim.version, claim.user, _now(), claim.override_reason,
                            claim.corpus_form_id))
                db.execute("UPDATE drafts SET status = '已审核', updated_at = ?, updated_by = ? WHERE id = ?",
                           (_now(), claim.user, claim.draft_id))
                db.execute("DELETE FROM approval_claims WHERE draft_id = ?", (claim.draft_id,))
                self._event(db, claim.draft_id, claim.user, "approve", version=claim.version,
                            override_reason=claim.override_reason, corpus_form_id=claim.corpus_form_id)
        return self.get(claim.draft_id)

    def release_claim(self, claim: ApprovalClaim) -> None:
        """Give a claim up (its writes were undone)."""
        with self._write() as db:
            db.execute("DELETE FROM approval_claims WHERE draft_id = ? AND version = ?", (claim.draft_id, claim.version))

    def claims(self) -> list[ApprovalClaim]:
        """Approvals claimed and not finished: in progress, or left by a process that died."""
        with self._connect() as db:
            rows = db.execute("SELECT * FROM approval_claims ORDER BY claimed_at").fetchall()
        return [ApprovalClaim(r["draft_id"], r["version"], r["claimed_by"], r["override_reason"],
                              r["corpus_form_id"], r["pid"], bool(r["errors_feed_drafts"])) for r in rows]

    def approved_forms(self) -> list[tuple[str, int, str]]:
        """(draft id, version, corpus form id) of every approval still in force (the latest per draft)."""
        with self._connect() as db:
            rows = db.execute("SELECT draft_id, version, corpus_form_id FROM approvals a WHERE rowid = "
                              "(SELECT MAX(rowid) FROM approvals b WHERE b.draft_id = a.draft_id)").fetchall()
        return [(r["draft_id"], r["version"], r["corpus_form_id"]) for r in rows]

    def delete(self, draft_id: str, user: str) -> None:
        with self._write() as db:
            db.execute("DELETE FROM drafts WHERE id = ?", (draft_id,))
            self._event(db, draft_id, user, "delete")

    # ------------------------------------------------------------ reads

    def get(self, draft_id: str) -> DraftInfo:
        with self._connect() as db:
            row = db.execute("SELECT * FROM drafts WHERE id = ?", (draft_id,)).fetchone()
        if row is None:
            raise StoreError(f"草稿 {draft_id} 不存在")
        return DraftInfo(**dict(row))

    def list_drafts(self, status: Status | None = None) -> list[DraftInfo]:
        query = "SELECT * FROM drafts" + (" WHERE status = ?" if status else "") + " ORDER BY updated_at DESC, id"
        with self._connect() as db:
            rows = db.execute(query, (status,) if status else ()).fetchall()
        return [DraftInfo(**dict(r)) for r in rows]

    def load(self, draft_id: str, version: int | None = None) -> DraftVersion:
        with self._connect() as db:
            if version is None:
                row = db.execute("SELECT * FROM draft_versions WHERE draft_id = ? ORDER BY version DESC LIMIT 1",
                                 (draft_id,)).fetchone()
            else:
                row = db.execute("SELECT * FROM draft_versions WHERE draft_id = ? AND version = ?",
                                 (draft_id, version)).fetchone()
        if row is None:
            raise StoreError(f"草稿 {draft_id} 没有第 {version} 版" if version else f"草稿 {draft_id} 不存在")
        return DraftVersion(draft_id=row["draft_id"], version=row["version"], content=json.loads(row["content"]),
                            saved_at=row["saved_at"], saved_by=row["saved_by"], note=row["note"])

    def versions(self, draft_id: str) -> list[DraftVersion]:
        with self._connect() as db:
            rows = db.execute("SELECT * FROM draft_versions WHERE draft_id = ? ORDER BY version", (draft_id,)).fetchall()
        return [DraftVersion(draft_id=r["draft_id"], version=r["version"], content=json.loads(r["content"]),
                             saved_at=r["saved_at"], saved_by=r["saved_by"], note=r["note"]) for r in rows]

    def history(self, draft_id: str | None = None) -> list[dict[str, Any]]:
        """Who changed what and when, oldest first."""
        query = "SELECT * FROM events" + (" WHERE draft_id = ?" if draft_id else "") + " ORDER BY id"
        with self._connect() as db:
            rows = db.execute(query, (draft_id,) if draft_id else ()).fetchall()
        return [{**dict(r), "detail": json.loads(r["detail"])} for r in rows]

    # ------------------------------------------------------------ row decisions

    def decide(self, draft_id: str, row_key: str, decision: Decision, user: str, note: str = "") -> None:
        with self._write() as db:
            db.execute("INSERT INTO row_decisions (draft_id, row_key, decision, note, decided_by, decided_at) "
                       "VALUES (?, ?, ?, ?, ?, ?)", (draft_id, row_key, decision, note, user, _now()))
            self._event(db, draft_id, user, "decide", row=row_key, decision=decision, note=note)

    def decisions(self, draft_id: str) -> dict[str, dict[str, Any]]:
        """The latest decision per row."""
        with self._connect() as db:
            rows = db.execute("SELECT * FROM row_decisions WHERE draft_id = ? ORDER BY id", (draft_id,)).fetchall()
        return {r["row_key"]: dict(r) for r in rows}
