"""What may never happen to the corpus, whatever a file says: a write outside its folder, a form
silently replaced, a seed replaced at all, a spreadsheet formula smuggled through a CSV."""

from __future__ import annotations

import shutil

import pytest

from assistant.corpus.files import form_to_json
from assistant.corpus.folder import Corpus
from assistant.corpus.schema import Form, Indicator, IndicatorGroup, Project, safe_form_id
from assistant.corpus.tables import csv_cell, form_from_csv, form_to_csv, read_csv_rows
from assistant.errors import InputError
from tests.conftest import ROOT

SEED = "003_1c981b526f6e6f3d"


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    for sub in ("raw", "forms", "reviews"):
        (root / sub).mkdir(parents=True)
    shutil.copy(ROOT / "corpus" / "forms" / f"{SEED}.json", root / "forms")
    shutil.copy(ROOT / "corpus" / "raw" / f"{SEED}.txt", root / "raw")
    shutil.copy(ROOT / "corpus" / "reviews" / "000_eae1af3fc182f435.json", root / "reviews")
    shutil.copy(ROOT / "corpus" / "forms" / "000_eae1af3fc182f435.json", root / "forms")
    return Corpus(root)


def small_form(form_id: str, name: str = "培训人数", value: str = "≥200人") -> Form:
    project = Project(name="教师培训", groups=[IndicatorGroup(indicators=[
        Indicator.make("产出指标", "数量指标", name, value)])])
    return Form(id=form_id, kind="project", projects=[project]).assign_ids()


def files_under(path):
    return sorted(p.relative_to(path) for p in path.rglob("*") if p.is_file())


def test_a_json_id_that_climbs_out_of_the_corpus_is_refused(corpus, tmp_path):
    evil = tmp_path / "evil.json"
    evil.write_text(form_to_json(small_form("x")).replace('"id": "x"', '"id": "../../X"'), encoding="utf-8")
    before = files_under(tmp_path)
    with pytest.raises(InputError) as caught:
        corpus.ingest(evil)
    assert "evil.json" in caught.value.user_message()
    assert files_under(tmp_path) == before


@pytest.mark.parametrize("stem, safe", [("../../etc/passwd", "etc_passwd"), ("教师 培训(2024)", "教师_培训_2024_"),
                                         ("..", "form")])
def test_ids_from_file_names_are_made_safe(stem, safe):
    assert safe_form_id(stem) == safe


def test_a_form_already_in_the_corpus_is_replaced_only_when_asked(corpus, tmp_path):
    path = tmp_path / "mine.json"
    path.write_text(form_to_json(small_form("mine")), encoding="utf-8")
    corpus.ingest(path)
    path.write_text(form_to_json(small_form("mine", value="≥300人")), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        corpus.ingest(path)
    assert "--replace" in caught.value.user_message()
    assert "≥200人" in (corpus.forms_dir / "mine.json").read_text(encoding="utf-8")
    corpus.ingest(path, replace=True)
    assert "≥300人" in (corpus.forms_dir / "mine.json").read_text(encoding="utf-8")


def test_a_csv_named_like_a_seed_never_replaces_it(corpus, tmp_path):
    before = (corpus.forms_dir / f"{SEED}.json").read_bytes()
    fake = tmp_path / f"{SEED}.csv"
    fake.write_text(form_to_csv(small_form(SEED)), encoding="utf-8")
    with pytest.raises(InputError):
        corpus.ingest(fake)
    assert (corpus.forms_dir / f"{SEED}.json").read_bytes() == before


def test_a_hand_reviewed_form_is_not_replaced_even_when_asked(corpus, tmp_path):
    fake = tmp_path / "000_eae1af3fc182f435.json"
    fake.write_text(form_to_json(small_form("000_eae1af3fc182f435")), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        corpus.ingest(fake, replace=True)
    assert "人工复核" in caught.value.user_message()


@pytest.mark.parametrize("cell", ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x","y")', "@SUM(A1:A2)", "+1+1",
                                  "-2+3", "\tx", "\r=1"])
def test_formula_cells_are_written_as_text(cell):
    assert csv_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-5%", "+3.5", "≥-2", "≥95%", "培训人数"])
def test_ordinary_values_stay_readable(cell):
    assert csv_cell(cell) == cell


def test_a_form_with_formulas_round_trips_through_its_csv():
    form = small_form("f", name="=HYPERLINK(\"http://x\")", value="@SUM(A1)")
    text = form_to_csv(form)
    assert all(not cell.startswith(("=", "@")) for row in list(csv_rows(text)) for cell in row)
    back = form_from_csv(text, form_id="f", source_file="f.csv")
    ind = next(i for _, _, i in back.iter_indicators())
    assert (ind.name, ind.value.raw) == ("=HYPERLINK(\"http://x\")", "@SUM(A1)")


def csv_rows(text):
    import csv
    import io
    return csv.reader(io.StringIO(text))


def test_read_csv_rows_unguards_only_guarded_formulas():
    assert read_csv_rows("a,'=1,'plain\n") == [["a", "=1", "'plain"]]
