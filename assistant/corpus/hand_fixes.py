"""Hand fixes, kept as data beside the source and applied after parsing.

A review file (`corpus/reviews/<form id>.json`) says what a person found when comparing
the parse with the source: rows whose levels, name or value the parser got wrong, rows
to drop or add, how the rows group (seed 004's 职能), task table fixes. Every fix lands
on the row as a `Review` with the note and the parser's original values, so the corpus
shows which rows were fixed by hand and why. A fix that matches nothing is an error:
the review must stay in step with the parser.

Shape (all keys optional):

    {"form": {"set": {"supervisor": "…"}, "note": "…"},
     "project": {"set": {"money.total": 6519.9}, "note": "…"},
     "tasks": [{"line": 17, "name": "确保没有高", "set": {"name": "信息系统维护"}, "note": "…"}],
     "rows": [{"line": 64, "set": {"name": "…", "level2": "质量指标", "value": "≥95%"}, "note": "…"},
              {"lines": [102, 113], "set": {"level2": "质量指标"}, "note": "…"},
              {"line": 114, "drop": true, "note": "…"},
              {"after_line": 54, "add": {"level2": "数量指标", "name": "…", "value": "…"}, "note": "…"}],
     "groups": [{"title": "职能1:…", "kind": "function", "lines": [[11, 22]], "note": "…"}]}
"""

from __future__ import annotations

from typing import Any

from assistant.corpus import levels
from assistant.corpus.schema import Form, Indicator, IndicatorGroup, Review, SourceRef
from assistant.corpus.values import parse_value

ROW_FIELDS = ("level1", "level2", "name", "value", "basis", "history")


class ReviewError(ValueError):
    """A review entry that does not fit the parsed form (stale or mistyped)."""


def _lines_of(entry: dict[str, Any]) -> set[int]:
    if "line" in entry:
        return {int(entry["line"])}
    if "lines" in entry:
        spans = entry["lines"]
        if spans and isinstance(spans[0], int):
            spans = [spans]
        out: set[int] = set()
        for span in spans:
            start, end = (span[0], span[-1])
            out.update(range(int(start), int(end) + 1))
        return out
    raise ReviewError(f"review entry needs 'line' or 'lines': {entry}")


def _snapshot(ind: Indicator) -> dict[str, Any]:
    return {"level1": ind.level1, "level2": ind.level2, "name": ind.name, "value": ind.value.raw,
            "basis": ind.basis, "history": dict(ind.history)}


def _mark(ind: Indicator, note: str, fields: list[str], original: dict[str, Any]) -> None:
    if ind.review is None:
        ind.review = Review(note=note, fields=fields, original={k: original[k] for k in fields if k in original})
    else:
        ind.review.note = f"{ind.review.note}；{note}" if note not in ind.review.note else ind.review.note
        for f in fields:
            if f not in ind.review.fields:
                ind.review.fields.append(f)
                if f in original:
                    ind.review.original[f] = original[f]


def _set_fields(ind: Indicator, changes: dict[str, Any], note: str) -> None:
    unknown = set(changes) - set(ROW_FIELDS)
    if unknown:
        raise ReviewError(f"unknown row fields {sorted(unknown)} in review of line {ind.source and ind.source.line}")
    original = _snapshot(ind)
    if "level2" in changes:
        level2 = levels.normalize_level2(changes["level2"]) if changes["level2"] else None
        if changes["level2"] and level2 is None:
            raise ReviewError(f"unknown level2 {changes['level2']!r}")
        ind.level2 = level2
        if "level1" not in changes and level2:
            ind.level1 = levels.parent_of(level2)
    if "level1" in changes:
        ind.level1 = levels.normalize_level1(changes["level1"]) or changes["level1"]
    if "name" in changes:
        ind.name = changes["name"]
    if "value" in changes or "name" in changes:
        raw = changes.get("value", ind.value.raw)
        ind.value = parse_value(raw, name=ind.name)
    if "basis" in changes:
        ind.basis = changes["basis"]
    if "history" in changes:
        ind.history = dict(changes["history"])
    # A hand-set level replaces whatever the parser inferred for it.
    settled = {f for f in ("level1", "level2", "name") if f in changes or (f == "level1" and "level2" in changes)}
    ind.inferred = [inf for inf in ind.inferred if inf.field not in settled]
    changed = [f for f in ROW_FIELDS if original.get(f) != _snapshot(ind).get(f)]
    _mark(ind, note, changed or list(changes), original)


def apply_review(form: Form, review: dict[str, Any]) -> Form:
    """Return a copy of `form` with the review applied. Raises ReviewError on a stale entry."""
    form = form.model_copy(deep=True)
    if "form" in review:
        for key, value in review["form"].get("set", {}).items():
            if key not in Form.model_fields:
                raise ReviewError(f"unknown form field {key!r}")
            setattr(form, key, value)
        if review["form"].get("note"):
            form.notes.append(f"人工复核：{review['form']['note']}")
    if "project" in review:
        _apply_project(form, review["project"])
    for entry in review.get("tasks", []):
        _apply_task(form, entry)
    for entry in review.get("rows", []):
        _apply_row(form, entry)
    if "groups" in review:
        _regroup(form, review["groups"])
    return form.assign_ids()


def _apply_project(form: Form, entry: dict[str, Any]) -> None:
    project = form.projects[int(entry.get("index", 0))]
    for key, value in entry.get("set", {}).items():
        target: Any = project
        *path, last = key.split(".")
        for part in path:
            target = getattr(target, part)
        if not hasattr(target, last):
            raise ReviewError(f"unknown project field {key!r}")
        setattr(target, last, value)
    if entry.get("note"):
        form.notes.append(f"人工复核（{project.name}）：{entry['note']}")


def _apply_task(form: Form, entry: dict[str, Any]) -> None:
    matches = [t for p in form.projects for t in p.tasks
               if (t.source and t.source.line == entry.get("line", t.source.line))
               and t.name == entry.get("name", t.name)]
    if len(matches) != 1:
        raise ReviewError(f"task review matches {len(matches)} tasks: {entry}")
    task = matches[0]
    original = {}
    for key, value in entry.get("set", {}).items():
        if key == "money":
            original["money"] = task.money.model_dump()
            task.money = task.money.model_copy(update=value)
        elif key in ("name", "content"):
            original[key] = getattr(task, key)
            setattr(task, key, value)
        else:
            raise ReviewError(f"unknown task field {key!r}")
    task.review = Review(note=entry.get("note", ""), fields=list(entry.get("set", {})), original=original)


def _apply_row(form: Form, entry: dict[str, Any]) -> None:
    note = entry.get("note", "")
    if not note:
        raise ReviewError(f"every hand fix needs a note: {entry}")
    if "add" in entry:
        _add_row(form, entry, note)
        return
    wanted = _lines_of(entry)
    hits = [(g, i) for p in form.projects for g in p.groups for i in g.indicators
            if i.source and i.source.line in wanted]
    if "name" in entry:
        hits = [(g, i) for g, i in hits if i.name == entry["name"]]
    found = {i.source.line for _, i in hits if i.source}
    if found != wanted:
        raise ReviewError(f"review lines {sorted(wanted - found)} match no parsed row: {entry}")
    for group, ind in hits:
        if entry.get("drop"):
            _mark(ind, note, ["dropped"], _snapshot(ind))
            group.indicators.remove(ind)
            form.notes.append(f"人工复核删除第{ind.source.line if ind.source else '?'}行“{ind.name}”：{note}")
        else:
            _set_fields(ind, entry.get("set", {}), note)


def _add_row(form: Form, entry: dict[str, Any], note: str) -> None:
    spec = dict(entry["add"])
    after = int(entry["after_line"])
    for project in form.projects:
        for group in project.groups:
            for pos, ind in enumerate(group.indicators):
                if ind.source and ind.source.line == after:
                    level2 = levels.normalize_level2(spec.get("level2", "")) if spec.get("level2") else None
                    level1 = levels.normalize_level1(spec["level1"]) if spec.get("level1") else (
                        levels.parent_of(level2) if level2 else None)
                    new = Indicator(
                        level1=level1, level2=level2, name=spec["name"], name_raw="",
                        value=parse_value(spec.get("value", ""), name=spec["name"]), basis=spec.get("basis"),
                        source=SourceRef(file=ind.source.file, line=int(spec.get("line", after))),
                        review=Review(note=note, fields=["added"]),
                    )
                    new.id = f"{form.id}#L{new.source.line}a" if new.source else ""
                    group.indicators.insert(pos + 1, new)
                    return
    raise ReviewError(f"after_line {after} matches no parsed row: {entry}")


def _regroup(form: Form, specs: list[dict[str, Any]]) -> None:
    """Replace the parser's grouping (one project: the whole-unit forms) with the reviewed one."""
    project = form.projects[0]
    rows = [i for g in project.groups for i in g.indicators]
    by_line: dict[int, list[Indicator]] = {}
    for ind in rows:
        line = ind.source.line if ind.source else None
        by_line.setdefault(-1 if line is None else line, []).append(ind)
    old_title = {id(i): g.title for g in project.groups for i in g.indicators}
    groups = []
    placed: set[int] = set()
    for spec in specs:
        group = IndicatorGroup(kind=spec.get("kind", "function"), title=spec["title"])
        for line in sorted(_lines_of(spec)):
            for ind in by_line.get(line, []):
                if id(ind) in placed:
                    raise ReviewError(f"line {line} placed in two groups")
                placed.add(id(ind))
                if old_title[id(ind)] != group.title and spec.get("note"):
                    ind.review = ind.review or Review(note="", fields=[])
                    if "group" not in ind.review.fields:
                        ind.review.fields.append("group")
                        ind.review.original["group"] = old_title[id(ind)]
                        ind.review.note = "；".join(x for x in (ind.review.note, spec["note"]) if x)
                group.indicators.append(ind)
        groups.append(group)
    missing = [i.source.line if i.source else None for i in rows if id(i) not in placed]
    if missing:
        raise ReviewError(f"regrouping leaves rows out: lines {missing}")
    project.groups = groups
