"""What the app shows from data is shown as written: a name holding HTML or Markdown marks is
escaped, never rendered. Each view's Markdown is rendered with markdown-it (CommonMark with raw
HTML on, as a browser's Markdown widget would take it) and the HTML is inspected."""

import pytest
from markdown_it import MarkdownIt

from assistant.ask.models import Answer, Citation
from assistant.review.views import answer_markdown, approval_message, check_report, plain
from assistant.validate.check import check_file
from tests.conftest import SEED_003
from tests.corpus_rows import row_named

HOSTILE = "<img src=x onerror=alert(1)>"
MARKDOWN = MarkdownIt("commonmark", {"html": True}).enable("table")


def _html(markdown: str) -> str:
    return MARKDOWN.render(markdown)


@pytest.mark.parametrize("text", [HOSTILE, "a|b", "*粗体* _斜_ `代码` [链接](http://x) ~~删~~ \\ & &lt;", "两行\n文字"])
def test_plain_text_renders_as_itself(text):
    html = _html(plain(text))
    assert "<img" not in html and "<em>" not in html and "<code>" not in html and "<a " not in html
    # What the page reads is the text as written (line breaks become spaces).
    shown = html.removeprefix("<p>").removesuffix("</p>\n")
    assert shown.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&") == text.replace("\n", " ")


def test_a_cited_project_named_like_html_is_a_cell_of_text(corpus_forms):
    form = corpus_forms[SEED_003.stem]
    row = row_named(form, "医疗废物处置及时率")
    citation = Citation(id=row.id, form=form.id, project=HOSTILE, level2="时效指标|x", name=row.name,
                        value=row.value.raw, source="raw/003第1行")
    answer = Answer(question=f"{HOSTILE}时效指标", text=f"{HOSTILE} 设了 1 行时效指标。", citations=[citation],
                    path="query", found=True, notes=[f"忽略了 {HOSTILE}"])
    html = _html(answer_markdown(answer))
    assert "<img" not in html
    assert html.count("&lt;img src=x onerror=alert(1)&gt;") == 3  # the text, the cell, the note
    # The table keeps its five cells: the | inside the 二级指标 did not split the row.
    body_row = html.split("<tbody>")[1].split("</tr>")[0]
    assert body_row.count("<td>") == 5 and "时效指标|x" in body_row
    assert "医疗废物处置及时率" in body_row


def test_an_uploaded_form_whose_project_and_file_name_hold_html_is_checked_as_text(tmp_path):
    text = SEED_003.read_text(encoding="utf-8").replace("卫生局工作业务经费", HOSTILE)
    path = tmp_path / "<img src=y>.txt"
    path.write_text(text, encoding="utf-8")
    report = check_file(path)
    assert report.form is not None and HOSTILE in [p.name for p in report.form.projects]
    html = _html(check_report(path.name, report.form, report.findings))
    assert "<img" not in html
    assert "&lt;img src=y&gt;.txt" in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_approval_message_shows_file_names_as_text():
    html = _html(approval_message("user_0001", [f"{HOSTILE}.xlsx", "a_b_c.csv"], 12))
    assert "<img" not in html and "<em>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;.xlsx" in html and "a_b_c.csv" in html
