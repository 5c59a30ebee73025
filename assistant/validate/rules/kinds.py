"""What kind of indicator a row is, read from its levels, name and value.

Shared by the rule families so that "a rate", "a reverse indicator" or "a cost row"
means the same thing in every rule. Word lists come from RULES.md (D1's reverse
indicators, Q3's growth and decline rates) and the seeds.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.corpus import levels
from assistant.corpus.values import is_rate_name
from assistant.validate.rules.registry import Row

OUTPUT_PARTS = (levels.QUANTITY, levels.QUALITY, levels.TIMELINESS)
NOT_APPLICABLE = "不适用"

# D1: indicators where less is better (RULES.md), plus their common siblings. The name
# must end in the stem and its measure: 设备故障率, 发生几率, 事故数; not 死亡伤残补助人数.
_REVERSE = re.compile(
    r"(误差|差错|错误|争议|逾期|投诉|故障|事故|发生|死亡|发病|不合格|流失|违规|违法|延误|漏报|漏检|缺陷|"
    r"超支|负债|返工|损失|空置|退回|复发|感染|污染|(?<!报告)患病)"
    r"(几率|率|数|次数|例数|起数|件数|人数|人次|占比|比例)?$"
)
# Rates whose growth or decline is the target: above 100% is possible.
_CHANGE_RATE = re.compile(r"(增长|增幅|增速|降幅|下降|降低|减少|提高|提升|上升|增加)(率|幅度|比例)?|同比|环比|较上年")
# Forward rates: more is better, so ≤ reads as a ceiling on success.
_FORWARD = re.compile(
    r"(合格|完成|覆盖|及时|达标|准确|正确|到位|执行|知晓|满意|参与|出勤|通过|利用|使用|规范管理|管理|"
    r"接种|建档|发放|治愈|好转|签约|普及|落实|办结|结案|受理|处置|检测|监测|访视|筛查|回访|响应|"
    r"拨付|支付|兑现|入库|验收|上报|报告及时)(率|度)$"
)


_PUNCTUATION = re.compile(r"[\s\u3000，,。；;：:、“”\"'（）()《》【】\[\]]")


@lru_cache(maxsize=16384)
def compact(text: str | None) -> str:
    """A name without spaces and punctuation, for comparisons (cached: rules ask about every row often)."""
    return _PUNCTUATION.sub("", text or "")


def is_not_applicable(row: Row) -> bool:
    value = row.indicator.value
    return compact(value.raw) == NOT_APPLICABLE or compact(row.name) == NOT_APPLICABLE


def is_satisfaction_name(name: str) -> bool:
    return "满意" in (name or "")


def is_rate(row: Row) -> bool:
    """A rate by its name (ends in 率, a share, 满意度…) or by its value (%)."""
    return is_rate_name(row.name) or row.indicator.value.is_percent


def names_a_change(name: str) -> bool:
    """增长率, 下降率, 较上年…: a change is the target, so above 100% is possible."""
    return bool(_CHANGE_RATE.search(name or ""))


def is_change_rate(row: Row) -> bool:
    return names_a_change(row.name) or row.indicator.value.direction is not None


def is_reverse(name: str) -> bool:
    """Less is better: 故障率, 投诉率, 事故数, 死亡率, 发生几率 …"""
    return bool(_REVERSE.search(compact(name)))


def is_forward(name: str) -> bool:
    name = compact(name)
    return bool(_FORWARD.search(name)) and not is_reverse(name)


def is_cost_row(row: Row) -> bool:
    """A row of 成本指标: the 二级 under 产出 (older layout) or the 经济成本 of the 2021 layout."""
    if row.level1 == levels.COST:
        return row.level2 in (levels.ECONOMIC_COST, None)
    return row.level2 == levels.UNIT_COST


def is_unit_cost(row: Row) -> bool:
    """A cost per person / item (人均, 单价, 补助标准, 元/人): not comparable with the total money."""
    value = row.indicator.value
    return bool(value.per) or bool(re.search(r"人均|户均|单位|单价|每|标准|均次|次均|平均|均价", row.name))
