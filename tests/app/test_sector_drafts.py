"""Issue 12 in the browser: a road, a teacher-training and a sewer-maintenance task drafted in the app
carry no row of another sector, and a quantity the content names becomes its row's value.

The words below are the specific objects of health forms that the issue found borrowed into other
sectors' drafts (献血, 独生子女, 计生 …), written here from the issue, not from the engine."""

import pytest

from tests.app.conftest import screenshot
from tests.app.test_browser import _table_rows

pytestmark = pytest.mark.browser

HEALTH_OBJECTS = ("献血", "独生子女", "计划生育", "计生", "疫苗", "体检", "医疗", "医院", "患者", "卫生", "健康",
                  "疾病", "防疫", "诊疗", "医保", "孕", "妇幼")
TASKS = [
    ("农村公路养护工程", "养护县乡道320公里，修复坑槽，整治边沟。", 560, "某县交通运输局", "320公里"),
    ("中小学教师培训", "组织全县中小学教师800人次参加专业能力提升培训。", 120, "某县教育局", "800人次"),
    ("城区污水管网维护", "对城区18公里污水管网进行清淤疏通和检修。", 300, "某区城市管理局", "18公里"),
]


@pytest.mark.parametrize("name,content,budget,unit,quantity", TASKS, ids=["road", "teachers", "sewer"])
def test_a_task_of_another_sector_is_drafted_without_health_rows(page, app_server, name, content, budget, unit,
                                                                  quantity):
    page.locator("#req-name textarea, #req-name input").first.fill(name)
    page.locator("#req-content textarea").fill(content)
    page.locator("#req-budget input").fill(str(budget))
    page.locator("#req-unit textarea, #req-unit input").first.fill(unit)
    page.locator("#draft-button").click()
    page.locator("#draft-status").get_by_text("已起草并保存").wait_for(timeout=120_000)
    rows = _table_rows(page, "draft-table", 4)
    assert len(rows) >= 5
    borrowed = [r for r in rows if any(word in r[2] for word in HEALTH_OBJECTS)]
    assert not borrowed, borrowed
    assert any(quantity in r[3] for r in rows if r[1] == "数量指标"), rows  # the content's own quantity
    assert {"产出指标", "效益指标", "满意度指标"} <= {r[0] for r in rows}
    screenshot(page, f"draft_sector_{name}")
