"""Find rows of the real corpus by what they say, not by the OCR line they were read from.

Row ids (`003_…#L192`) carry the line number of the seed text; a re-parse or a hand fix can move
them. Tests name the row instead and let these helpers find its id (or its line, for tests about
line provenance).
"""

from __future__ import annotations

from assistant.corpus.schema import Form, Indicator


def row_named(form: Form, name: str, *, project: str | None = None, value: str | None = None) -> Indicator:
    """The one indicator of `form` called `name` (in `project`, with the raw `value`, when given)."""
    found = [ind for proj, _, ind in form.iter_indicators()
             if ind.name == name and project in (None, proj.name) and value in (None, ind.value.raw)]
    assert len(found) == 1, f"{form.id}: {len(found)} rows named {name!r} (project={project!r}, value={value!r})"
    return found[0]


def row_id(form: Form, name: str, *, project: str | None = None, value: str | None = None) -> str:
    return row_named(form, name, project=project, value=value).id


def line_of(raw_text: str, text: str) -> int:
    """The 1-based number of the one line of an OCR text that contains `text`."""
    lines = [n for n, line in enumerate(raw_text.splitlines(), start=1) if text in line]
    assert len(lines) == 1, f"{len(lines)} lines contain {text!r}"
    return lines[0]
