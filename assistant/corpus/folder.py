"""The corpus folder: the seed texts as given (raw/), the hand fixes (reviews/), and the
canonical forms (forms/*.json) that every other part reads.

forms/<id>.json for a text source is always parse(raw/<id>.txt) + reviews/<id>.json;
a test rebuilds them and compares, so the committed corpus cannot drift from the parser.
Forms from csv, xlsx, json or approved drafts have no raw text and are kept as given.

What users add (their own ingested forms, approved drafts) lives under the data folder
(`user_root`, e.g. data/corpus/{raw,forms}), never in the tracked corpus: `forms()` reads the
shipped forms and the user's, `save` and `ingest` write the user's, and a shipped form is never
replaced. Without a `user_root` (tools and tests working on one folder) both are `root`.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from assistant.corpus.budget import form_budget
from assistant.corpus.files import (
    TEXT_SUFFIXES,
    atomic_write,
    form_to_json,
    load_form,
    read_text,
    remove_stale_temps,
)
from assistant.corpus.hand_fixes import ReviewError, apply_review
from assistant.corpus.reference import reference_form
from assistant.corpus.schema import FORM_ID, Form, FormKind, GroupKind, safe_form_id
from assistant.corpus.sectors import form_sector
from assistant.corpus.values import Comparator, Kind
from assistant.errors import InputError

if TYPE_CHECKING:
    from assistant.llm.seam import ChatModel
    from assistant.settings import Settings


@dataclass
class Corpus:
    root: Path
    user_root: Path | None = None
    """The data folder's corpus (approved and ingested forms); None: `root` holds both."""

    @classmethod
    def of(cls, settings: Settings) -> Corpus:
        """The shipped corpus and the user's forms under the data folder, as the settings say."""
        return cls(settings.corpus_dir, settings.data_dir / "corpus")

    @property
    def user_forms_dir(self) -> Path:
        return (self.user_root or self.root) / "forms"

    @property
    def user_raw_dir(self) -> Path:
        return (self.user_root or self.root) / "raw"

    @property
    def raw_dir(self) -> Path:
        return self.root / "raw"

    @property
    def reviews_dir(self) -> Path:
        return self.root / "reviews"

    @property
    def forms_dir(self) -> Path:
        return self.root / "forms"

    @property
    def gathered_dir(self) -> Path:
        """Published forms of many sectors: page text and its hand transcription (see `reference`)."""
        return self.root / "gathered"

    def gathered_ids(self) -> list[str]:
        if not self.gathered_dir.is_dir():
            return []
        return sorted(p.stem for p in self.gathered_dir.glob("*.json") if (p.with_suffix(".txt")).exists())

    def build_gathered(self, form_id: str) -> Form:
        transcription = json.loads((self.gathered_dir / f"{form_id}.json").read_text(encoding="utf-8"))
        return finish(reference_form(transcription, read_text(self.gathered_dir / f"{form_id}.txt")))

    def _folders(self) -> list[Path]:
        return [self.forms_dir] + ([self.user_forms_dir] if self.user_forms_dir != self.forms_dir else [])

    def form_paths(self) -> list[Path]:
        paths: dict[str, Path] = {}
        for folder in self._folders():
            if folder.is_dir():
                for path in folder.glob("*.json"):
                    paths.setdefault(path.stem, path)  # a shipped form wins over a user's of the same id
        return [paths[stem] for stem in sorted(paths)]

    def forms(self) -> list[Form]:
        return [load_form(path) for path in self.form_paths()]

    def path_of(self, form_id: str) -> Path | None:
        for folder in self._folders():
            path = folder / f"{form_id}.json"
            if path.exists():
                return path
        return None

    def get(self, form_id: str) -> Form:
        path = self.path_of(form_id)
        if path is None:
            raise InputError(f"语料库中没有表“{form_id}”", hint="用 assistant corpus stats 查看已有的表")
        return load_form(path)

    def review_for(self, form_id: str) -> dict[str, Any] | None:
        path = self.reviews_dir / f"{form_id}.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None

    def build(self, raw_path: Path) -> Form:
        """Parse one raw text and apply its review, if any."""
        form = load_form(raw_path)
        form.source_file = f"raw/{raw_path.name}"
        for _, _, ind in form.iter_indicators():
            if ind.source:
                ind.source.file = form.source_file
        review = self.review_for(form.id)
        if review:
            try:
                form = apply_review(form, review)
            except ReviewError as exc:
                raise InputError(f"人工复核文件与解析结果不一致：{exc}", file=f"reviews/{form.id}.json",
                                 hint="请按最新的解析结果更新复核文件") from None
        return finish(form)

    def raw_paths(self) -> list[Path]:
        if not self.raw_dir.is_dir():
            return []
        return sorted(p for p in self.raw_dir.iterdir() if p.suffix.lower() in TEXT_SUFFIXES)

    def rebuild(self, only: list[str] | None = None) -> list[Form]:
        forms = [self.build(path) for path in self.raw_paths() if not only or path.stem in only]
        forms += [self.build_gathered(form_id) for form_id in self.gathered_ids() if not only or form_id in only]
        for form in forms:
            self._write(self.forms_dir, form)
        return forms

    def save(self, form: Form) -> Path:
        """Write a user's form (approved or ingested) into the user's forms folder."""
        if self.user_root is not None and (self.forms_dir / f"{form.id}.json").exists():
            raise InputError(f"语料库自带的表“{form.id}”不能被替换", file=form.source_file or None,
                             hint="请换一个编号（文件名）")
        return self._write(self.user_forms_dir, form)

    def remove(self, form_id: str) -> None:
        """Take a user's form out (an approval rolled back); shipped forms are never removed."""
        (self.user_forms_dir / f"{form_id}.json").unlink(missing_ok=True)

    @staticmethod
    def _write(folder: Path, form: Form) -> Path:
        if not FORM_ID.match(form.id):
            # The id names the file: one with separators or ".." could write outside the corpus.
            raise InputError(f"表的 id“{form.id}”不可用作文件名", file=form.source_file or None,
                             hint="id 只能包含字母、数字、汉字、下划线和连字符")
        path = folder / f"{form.id}.json"
        remove_stale_temps(folder)  # a killed ingest's half-written temp file
        atomic_write(path, form_to_json(form))
        return path

    def read(self, path: Path, *, model: ChatModel | None = None) -> Form:
        """Read a file as ingest would, writing nothing (the dry run). With a model, a text the rules
        cannot read is restructured by it, every row traced to the text (`llm_extract`)."""
        path = Path(path)
        try:
            form = load_form(path)
        except InputError as exc:
            if model is None or path.suffix.lower() not in TEXT_SUFFIXES:
                raise
            from assistant.corpus.llm_extract import extract_form

            result = extract_form(read_text(path), model, form_id=safe_form_id(path.stem), source_file=path.name)
            if result.form is None:
                raise InputError(f"{exc.user_message()}；大模型也没有整理出能在原文中找到出处的指标", file=path.name,
                                 hint="请检查文件内容，或改用 csv/xlsx 指标表") from None
            form = result.form
            form.notes += result.dropped
        finish(form)
        return form

    def ingest(self, path: Path, *, replace: bool = False, model: ChatModel | None = None) -> Form:
        """Add a file to the corpus: text is kept in raw/ and rebuilt with its review.

        A form already in the corpus is replaced only when asked (`replace`), and a form that came
        with its own raw text and hand review (a seed) never is."""
        path = Path(path)
        if path.suffix.lower() in TEXT_SUFFIXES:
            read_text(path)  # refuse binary or undecodable files before copying anything
            from assistant.corpus.llm_extract import is_extracted

            form = self.read(path, model=model)  # read first: a file that is not a form is not copied
            self._check_replace(form.id, path, replace)
            if not is_extracted(form):  # a model's reading cannot be rebuilt from raw/: kept as read
                target = self.user_raw_dir / f"{form.id}{path.suffix.lower()}"
                if path.resolve() != target.resolve():
                    self.user_raw_dir.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(path, target)
                form = self.build(target)
        else:
            form = load_form(path)
            finish(form)
            if not FORM_ID.match(form.id):
                raise InputError(f"表的 id“{form.id}”不可用作文件名", file=path.name,
                                 hint="id 只能包含字母、数字、汉字、下划线和连字符")
            self._check_replace(form.id, path, replace)
        self.save(form)
        return form

    def _check_replace(self, form_id: str, path: Path, replace: bool) -> None:
        existing = self.path_of(form_id)
        if existing is None:
            return
        if self.user_root is not None and existing.parent == self.forms_dir:
            raise InputError(f"语料库自带的表“{form_id}”不能被替换", file=path.name, hint="请把文件改名后再导入")
        if (self.reviews_dir / f"{form_id}.json").exists():
            raise InputError(f"语料库中已有表“{form_id}”，它带有人工复核，不能被替换", file=path.name,
                             hint="请把文件改名后再导入")
        if not replace:
            raise InputError(f"语料库中已有表“{form_id}”", file=path.name,
                             hint="确需替换请加 --replace；否则请把文件改名后再导入")


class IndicatorRecord(TypedDict):
    """One indicator row flattened with its form and project: what export, the index, Ask and the
    library view read. `source` is the row's `SourceRef.label()` for display; `source_file`,
    `source_line` and `source_sheet` are the reference itself."""

    id: str
    form: str
    form_kind: FormKind
    year: int | None
    unit: str | None
    sector: str | None
    region: str | None
    project: str
    project_id: str
    project_money: float | None
    group: str
    group_kind: GroupKind
    level1: str | None
    level2: str | None
    name: str
    value_raw: str
    value_canonical: str
    value_kind: Kind
    comparator: Comparator | None
    number: float | None
    value_unit: str | None
    basis: str | None
    history: dict[str, str]
    source: str | None
    source_file: str | None
    source_line: int | None
    source_sheet: str | None
    inferred: list[str]
    reviewed: bool


def finish(form: Form) -> Form:
    """What every form gets once read, whatever its reader: its sector and its money block."""
    form.sector = form.sector or form_sector(form)
    form.budget = form_budget(form)
    return form


def indicator_records(forms: list[Form]) -> list[IndicatorRecord]:
    """One flat record per indicator: what export, retrieval and questions read."""
    records: list[IndicatorRecord] = []
    for form in forms:
        for project, group, ind in form.iter_indicators():
            value = ind.value
            source = ind.source
            records.append({
                "id": ind.id, "form": form.id, "form_kind": form.kind, "year": form.year, "unit": form.unit,
                "sector": form.sector, "region": form.region, "project": project.name, "project_id": project.id,
                "project_money": project.money.total, "group": group.title, "group_kind": group.kind,
                "level1": ind.level1, "level2": ind.level2, "name": ind.name,
                "value_raw": value.raw, "value_canonical": value.canonical, "value_kind": value.kind,
                "comparator": value.comparator, "number": value.number, "value_unit": value.unit,
                "basis": ind.basis, "history": ind.history,
                "source": source.label() if source else None,
                "source_file": source.file if source else None,
                "source_line": source.line if source else None,
                "source_sheet": source.sheet if source else None,
                "inferred": sorted(ind.inferred_fields()), "reviewed": bool(ind.review),
            })
    return records


def stats(forms: list[Form]) -> dict[str, Any]:
    per_form = []
    by_level: Counter[tuple[str, str]] = Counter()
    for form in forms:
        inds = [ind for _, _, ind in form.iter_indicators()]
        for ind in inds:
            by_level[(ind.level1 or "（未识别）", ind.level2 or "（未识别）")] += 1
        per_form.append({
            "form": form.id, "kind": form.kind, "year": form.year, "unit": form.unit, "sector": form.sector,
            "projects": len(form.projects), "groups": sum(len(p.groups) for p in form.projects),
            "indicators": len(inds),
            "inferred": sum(1 for i in inds if i.inferred and not i.review),
            "hand_fixed": sum(1 for i in inds if i.review),
        })
    by_sector = Counter((form.sector or "（未分类）", form.year) for form in forms)
    return {
        "by_sector": [{"sector": sector, "year": year, "forms": n}
                      for (sector, year), n in sorted(by_sector.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0))],
        "forms": len(forms), "projects": sum(f["projects"] for f in per_form),
        "indicators": sum(f["indicators"] for f in per_form), "per_form": per_form,
        "by_level": [{"level1": l1, "level2": l2, "count": n} for (l1, l2), n in sorted(by_level.items())],
    }


def export_jsonl(forms: list[Form]) -> str:
    keys = ("id", "form", "project", "level1", "level2", "name", "value_raw", "value_canonical", "value_kind",
            "year", "unit", "source")
    rows: list[dict[str, Any]] = [dict(r) for r in indicator_records(forms)]
    return "".join(json.dumps({k: r[k] for k in keys}, ensure_ascii=False) + "\n" for r in rows)
