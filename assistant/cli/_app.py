"""The shared Typer app, consoles and small helpers of the command modules."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from assistant.cli.chinese import ChineseTyper

if TYPE_CHECKING:
    from assistant.corpus.folder import Corpus

app = ChineseTyper(help="绩效目标助手：起草、检查绩效目标表。")

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

CorpusOpt = Annotated[Path | None, typer.Option("--corpus", help="语料库目录（默认取设置 JXMB_CORPUS_DIR）")]


def open_corpus(path: Path | None) -> Corpus:
    from assistant.corpus.folder import Corpus
    from assistant.settings import get_settings

    if path is not None:  # a folder named on the command line is read and written as it is
        return Corpus(path)
    # The user's own forms (ingested, approved) live under the data folder, beside the shipped corpus.
    return Corpus.of(get_settings())


def emit(text: str, out_file: Path | None) -> None:
    """Print to stdout, or write the file atomically."""
    if out_file:
        from assistant.corpus.files import atomic_write

        atomic_write(out_file, text)
        err.print(f"已写入 {out_file}")
    else:
        sys.stdout.write(text)
