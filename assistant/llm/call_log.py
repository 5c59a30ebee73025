"""The LLM call log: one SQLite row per call to the model, whatever asked for it.

    log = CallLog(settings.database)
    log.record(CallRecord(purpose="draft", model="qwen2.5-coder", messages=[...], reply="{...}", ...))
    log.recent(limit=20, draft_id="3f2a…")

The table sits in the settings' database beside the review store's tables but belongs to
this module alone. Recording is best effort: a locked, read-only or corrupt database is
logged and skipped, never raised, because losing a log row must not lose the user's draft.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from assistant.llm.seam import Message, Purpose, Usage

log = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS llm_call_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    purpose TEXT NOT NULL,
    draft_id TEXT,
    model TEXT NOT NULL,
    messages TEXT NOT NULL,
    reply TEXT,
    prompt_tokens INTEGER,
    completion_tokens INTEGER,
    total_tokens INTEGER,
    seconds REAL NOT NULL,
    retries INTEGER NOT NULL DEFAULT 0,
    outcome TEXT NOT NULL,
    error TEXT
);
CREATE INDEX IF NOT EXISTS llm_call_log_by_draft ON llm_call_log(draft_id, id);
"""


@dataclass(frozen=True)
class CallRecord:
    purpose: Purpose
    model: str
    """The model the server reported; the configured name when no reply came."""
    messages: list[Message]
    reply: str | None = None
    usage: Usage | None = None
    seconds: float = 0.0
    retries: int = 0
    outcome: str = "ok"
    """"ok", or the LLMError kind (timeout, bad_reply, …)."""
    error: str | None = None
    draft_id: str | None = None
    at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    id: int | None = None


class CallLog:
    def __init__(self, path: Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._ready = False

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=5, isolation_level=None)
        db.row_factory = sqlite3.Row
        if not self._ready:
            db.executescript(SCHEMA)
            self._ready = True
        return db

    def record(self, call: CallRecord) -> None:
        usage = call.usage or Usage()
        try:
            with self._lock:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = self._connect()
                try:
                    db.execute(
                        "INSERT INTO llm_call_log (at, purpose, draft_id, model, messages, reply, prompt_tokens, "
                        "completion_tokens, total_tokens, seconds, retries, outcome, error) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (call.at, call.purpose, call.draft_id, call.model,
                         json.dumps(call.messages, ensure_ascii=False), call.reply, usage.prompt_tokens,
                         usage.completion_tokens, usage.total_tokens, call.seconds, call.retries, call.outcome,
                         call.error))
                finally:
                    db.close()
        except (sqlite3.Error, OSError) as exc:
            log.warning("LLM call not logged to %s: %s", self.path, exc)

    def recent(self, *, limit: int = 20, draft_id: str | None = None) -> list[CallRecord]:
        """The last `limit` calls (of one draft when given), oldest first."""
        if not self.path.exists():
            return []
        query = ("SELECT * FROM llm_call_log" + (" WHERE draft_id = ?" if draft_id else "")
                 + " ORDER BY id DESC LIMIT ?")
        with self._lock:
            db = self._connect()
            try:
                rows = db.execute(query, (draft_id, limit) if draft_id else (limit,)).fetchall()
            finally:
                db.close()
        return [_record(row) for row in reversed(rows)]


def _record(row: sqlite3.Row) -> CallRecord:
    usage = Usage(prompt_tokens=row["prompt_tokens"], completion_tokens=row["completion_tokens"],
                  total_tokens=row["total_tokens"])
    return CallRecord(purpose=row["purpose"], model=row["model"], messages=json.loads(row["messages"]),
                      reply=row["reply"], usage=None if usage == Usage() else usage, seconds=row["seconds"],
                      retries=row["retries"], outcome=row["outcome"], error=row["error"], draft_id=row["draft_id"],
                      at=row["at"], id=row["id"])
