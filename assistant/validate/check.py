"""Check a form file: the library call behind `assistant check`.

OCR text, csv and xlsx are read by their importers (a file that is not a form at all
raises InputError); a text in a corpus's raw/ folder gets its hand review applied. JSON is validated against the schema first, so a malformed form
or drafted indicator table gets SCHEMA findings saying what is wrong and where, and the
rule checks run on whatever is valid.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.corpus.files import TEXT_SUFFIXES, guarded, load_form, read_text
from assistant.corpus.folder import Corpus
from assistant.corpus.schema import Form
from assistant.errors import InputError
from assistant.validate.findings import Finding, has_errors
from assistant.validate.payload import json_reason, parse_payload, payload_to_project
from assistant.validate.rules import check_form, check_project
from assistant.validate.schema_findings import SCHEMA, validate_form


@dataclass
class FileReport:
    path: Path
    form: Form | None
    findings: list[Finding]

    @property
    def has_errors(self) -> bool:
        return has_errors(self.findings)

    def counts(self) -> dict[str, int]:
        counted = Counter(f.severity for f in self.findings)
        return {severity: counted.get(severity, 0) for severity in ("error", "warn", "info")}

    def to_dict(self) -> dict[str, Any]:
        return {"file": str(self.path), "form_id": self.form.id if self.form else None,
                "counts": self.counts(), "findings": [f.model_dump() for f in self.findings]}


def _is_form_data(data: Any) -> bool:
    return isinstance(data, dict) and ("projects" in data or "kind" in data)


def check_json(text: str, *, name: str, rules: Iterable[str] | None = None) -> tuple[Form | None, list[Finding]]:
    """Canonical form JSON, or a drafted indicator table ({"indicators": […]} or a bare list)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [Finding(rule=SCHEMA, severity="error", aspect="完整性", field=None,
                              message=f"不是合法的 JSON：第{exc.lineno}行第{exc.colno}列附近{json_reason(exc)}",
                              suggestion="用本工具导出的 JSON，或检查括号、引号和逗号是否成对")]
    rule_ids = list(rules) if rules is not None else None
    if _is_form_data(data):
        form, findings = validate_form(data)
        return form, findings if form is None else check_form(form, rules=rule_ids)
    payload, findings = parse_payload(data)
    if payload is None:
        return None, findings
    project = payload_to_project(payload, name=name)
    return Form(id=name, kind="project", projects=[project]), check_project(project, rules=rule_ids)


def check_file(path: Path, *, rules: Iterable[str] | None = None) -> FileReport:
    """Read any supported file and run the checks. Raises InputError only for a file that is not a form."""
    path = Path(path)
    if path.suffix.lower() == ".json":
        text = read_text(path)
        if not text.strip():
            raise InputError("文件是空的", file=path.name, hint="请选择有内容的文件")
        form, findings = guarded(path, lambda: check_json(text, name=path.stem, rules=rules))
        return FileReport(path, form, findings)
    form = _reviewed(path) or load_form(path)
    return FileReport(path, form, check_form(form, rules=rules))


def _reviewed(path: Path) -> Form | None:
    """A text in a corpus's raw/ folder is read with its hand review, as the corpus reads it."""
    if path.suffix.lower() not in TEXT_SUFFIXES or path.parent.name != "raw":
        return None
    corpus = Corpus(path.parent.parent)
    return corpus.build(path) if corpus.review_for(path.stem) is not None else None
