"""Content words of Chinese text, for relating indicators to what a project does (R1).

jieba (`corpus.segment`) cuts the words (its search mode also yields the parts of compounds:
技术鉴定 → 技术, 鉴定, 技术鉴定). Words every budget form uses (工作, 服务, 资金, 完成率 …)
say nothing about a project's content and are left out.
"""

from __future__ import annotations

import re
from functools import lru_cache

from assistant.corpus.segment import jieba

_GENERIC = frozenset("""
工作 服务 管理 项目 开展 保障 经费 资金 数量 人数 次数 个数 户数 家数 台数 场次 批次 人次 完成 完成率 情况 水平 提高 提升
群众 居民 辖区 我区 我局 本局 高新区 全区 全县 全市 相关 日常 业务 活动 顺利 有序 需要 依据 按照 要求 确保 及时 及时率
及时性 足额 进行 实施 基本 年度 全年 当年 本级 部门 单位 满意度 满意 满意率 对象 质量 合格 合格率 准确 准确率 覆盖 覆盖率
达标 达标率 发放 到位 到位率 执行 执行率 预算 计划 按计划 按时 按期 按时完成 各项 规范 有效 人员 机构 支出 一般 事务 运行
运转 正常 任务 指标 标准 比例 占比 政府 采购 采购率 拨付 成本 控制 控制率 时限 时间 期限 周期 补助 补贴 金额 万元 元 及 等
认定 审核 核实 审批 验收 评估 考核 检验 卫生 健康 卫生健康 系统 中心 上级 目标 保证 组织 推进 落实 加强 提供 做好 实现
受益 受益对象 长效 机制 长效机制 年限 使用年限 数 率 度 次 人 个 家
""".split())
# Within one bureau's forms (the seeds are all health bureaus') these say nothing about what a project
# does; across sectors they are one sector's own words, so the sector gate keeps them.
_BUREAU_WORDS = frozenset("卫生 健康 卫生健康".split())
_GENERIC_ACROSS_SECTORS = _GENERIC - _BUREAU_WORDS
_MEASURE_END = re.compile(r"(率|数|量|度|次数|人数|个数|户数|数量)$")


@lru_cache(maxsize=8192)
def content_words(text: str, *, with_bureau_words: bool = False) -> frozenset[str]:
    """The words of `text` that say what is done or counted (two or more characters, not generic);
    `with_bureau_words` keeps the words generic only within one bureau (卫生, 健康), as sectors differ by them."""
    words = set()
    generic = _GENERIC_ACROSS_SECTORS if with_bureau_words else _GENERIC
    for word in jieba().lcut_for_search(text or ""):
        word = word.strip()
        if len(word) < 2 or word in generic or not re.search(r"[\u4e00-\u9fffA-Za-z]", word):
            continue
        if _MEASURE_END.search(word) and word[:-1] in _GENERIC:
            continue  # 合格率, 完成数: a generic stem with a measure
        words.add(word)
    return frozenset(words)
