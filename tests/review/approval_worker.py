"""One process of the approval contention test: edits and approves the given drafts in a bounded
loop, and prints what happened as JSON. Run as `python -m tests.review.approval_worker DATA CORPUS DB SEED ID…`."""

import json
import random
import sys
from pathlib import Path

from assistant.errors import UserError
from assistant.review.store import ConflictError, Store
from assistant.review.workflow import Workflow
from assistant.settings import Settings

ROUNDS = 4


def main() -> None:
    data_dir, corpus_dir, database, seed, *draft_ids = sys.argv[1:]
    settings = Settings(_env_file=None, data_dir=Path(data_dir), corpus_dir=Path(corpus_dir), chroma_host=None,
                        embedding_base_url=None)
    from assistant.index.hybrid import Index

    flow = Workflow(settings, store=Store(Path(database)), index=Index.open(settings))
    chance = random.Random(int(seed))
    outcome = {"approved": 0, "saved": 0, "refused": 0}
    for round_ in range(ROUNDS):
        for draft_id in draft_ids:
            state = flow.load(draft_id)
            try:
                if chance.random() < 0.5:
                    rows = [r.model_copy() for r in state.draft.rows]
                    rows[0] = rows[0].model_copy(update={"value": f"≥{100 + round_ * 10 + int(seed)}人"})
                    flow.apply_edit(draft_id, rows, based_on=state.version, user=f"p{seed}")
                    outcome["saved"] += 1
                else:
                    flow.approve(draft_id, state.version, user=f"p{seed}", override_reason="并发测试")
                    outcome["approved"] += 1
            except (ConflictError, UserError):
                outcome["refused"] += 1
    print(json.dumps(outcome))


if __name__ == "__main__":
    main()
