"""Images of forms: a form rendered with a CJK font (as a screenshot or scan shows it) read through
the offline OCR and the rows rebuilt from its text boxes; the row rebuilding on its own."""

from __future__ import annotations

from assistant.corpus.files import load_form
from assistant.corpus.image_reader import Box, rows_from_boxes
from tests.corpus.standard_layout import assert_read_back, render_image, standard_grid


def test_a_picture_of_a_form_reads_back_every_row(tmp_path, corpus_forms):
    form = corpus_forms["003_1c981b526f6e6f3d"]
    project = form.projects[6]
    path = tmp_path / "截图.jpg"
    render_image(standard_grid(form, project)).save(path, quality=90)
    read = load_form(path)
    assert_read_back(read, form, [project])
    assert read.projects[0].indicators[0].source.line == 12  # the twelfth row of text in the picture


def test_boxes_on_one_line_make_a_row_read_left_to_right():
    boxes = [Box("≥3000人", 600, 680, 102, 124), Box("产出指标", 10, 90, 100, 122),
             Box("预计年度无偿", 300, 420, 101, 123), Box("献血人数", 425, 500, 101, 123),  # one cell, cut by OCR
             Box("数量指标", 150, 230, 99, 121), Box("质量指标", 150, 230, 140, 162),
             Box("优秀", 600, 640, 141, 163), Box("保证血液质量情况", 300, 460, 140, 162)]
    assert rows_from_boxes(boxes) == [["产出指标", "数量指标", "预计年度无偿献血人数", "≥3000人"],
                                      ["质量指标", "保证血液质量情况", "优秀"]]


def test_a_blank_picture_says_no_text_was_found(tmp_path):
    import pytest
    from PIL import Image

    from assistant.errors import InputError

    path = tmp_path / "blank.png"
    Image.new("RGB", (400, 300), "white").save(path)
    with pytest.raises(InputError) as info:
        load_form(path)
    assert "blank.png" in str(info.value) and "没有识别出文字" in str(info.value)
