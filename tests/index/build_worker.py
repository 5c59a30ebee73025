"""A build that stops after its first stored chunk, for the kill test: prints "stored" and waits to be
killed. Run as `python -m tests.index.build_worker DATA_DIR FORM_ID…`."""

import sys
import time
from pathlib import Path

from assistant.corpus.folder import Corpus
from assistant.index import hybrid
from assistant.settings import Settings
from tests.conftest import CORPUS


def main() -> None:
    data_dir, *form_ids = sys.argv[1:]
    hybrid.EMBED_CHUNK = 4  # many chunks from a few rows: the kill lands between two of them
    forms = [Corpus(CORPUS).get(form_id) for form_id in form_ids]

    def stored(done: int, total: int) -> None:
        print("stored", done, total, flush=True)
        time.sleep(600)

    index = hybrid.Index.open(Settings(_env_file=None, data_dir=Path(data_dir), chroma_host=None,
                                       embedding_base_url=None))
    index.build(forms, progress=stored)


if __name__ == "__main__":
    main()
