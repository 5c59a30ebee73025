"""`assistant ask`: the json shape and a text miss."""

import json

from tests.ask.conftest import S003
from tests.ask.test_query import TIMELINESS_ROWS
from tests.corpus_rows import row_id


def test_ask_json_shape(cli, tmp_path, corpus_forms):
    result = cli("ask", "大连高新区哪些项目设了时效指标？", "--format", "json", JXMB_DATA_DIR=str(tmp_path))
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert set(payload) >= {"answer", "citations", "path"}
    assert payload["path"] == "query" and payload["found"] is True
    assert [c["id"] for c in payload["citations"]] == [row_id(corpus_forms[S003], name, project=project)
                                                        for project, name in TIMELINESS_ROWS]
    assert set(payload["citations"][0]) >= {"id", "form", "project", "level1", "level2", "name", "value"}


def test_ask_text_says_not_found(cli, tmp_path):
    # 去年 = 2027, a year no shipped form has
    result = cli("ask", "去年无偿献血补助的满意度指标定的多少？", "--today", "2028-11-23",
                 JXMB_DATA_DIR=str(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert "没有2027年" in result.stdout and "最接近的行（并非答案）" in result.stdout


def test_ask_bad_date_is_a_chinese_error(cli, tmp_path):
    result = cli("ask", "满意度", "--today", "明天", JXMB_DATA_DIR=str(tmp_path))
    assert result.exit_code == 2 and "参考日期" in result.stderr


def test_ask_sector_limits_the_forms_and_an_unknown_one_is_a_chinese_error(cli, tmp_path, all_forms):
    sector = next(f.sector for f in all_forms if f.sector and f.sector != "卫生健康")
    result = cli("ask", "满意度指标有几个？", "--sector", sector, "--format", "json", JXMB_DATA_DIR=str(tmp_path))
    assert result.exit_code == 0, result.stderr
    forms = {f.id: f.sector for f in all_forms}
    cited = {forms[c["form"]] for c in json.loads(result.stdout)["citations"]}
    assert cited == {sector}
    result = cli("ask", "满意度指标有几个？", "--sector", "航天", JXMB_DATA_DIR=str(tmp_path))
    assert result.exit_code == 2 and "航天" in result.stderr and "卫生健康" in result.stderr
