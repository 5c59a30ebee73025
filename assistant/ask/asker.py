"""The answerer: question → parsed question → structured query or retrieval → Answer.

    asker = Asker(corpus.forms(), Index.open(settings), settings)
    session = Session()
    asker.ask("去年无偿献血补助的满意度指标定的多少？", session)
    asker.ask("那它的数量指标呢？", session)

With an LLM configured (settings.llm_base_url, or `model` given) the LLM writes the answer
text from the cited rows and may choose the path when the rules are unsure; the citations
are always the query's or the retrieval's rows. When the LLM fails, the template answer
stands and a note says why.
"""

from __future__ import annotations

from datetime import date

from assistant.ask import query
from assistant.ask.answer import citations, closest_text, miss_text, scope_text, summarize, what_text
from assistant.ask.catalog import Catalog
from assistant.ask.models import Answer
from assistant.ask.plan import MONEY_FIELD_TEXT, Plan
from assistant.ask.question import Question, parse_question
from assistant.ask.retrieval import retrieve
from assistant.ask.session import Session
from assistant.corpus.schema import Form
from assistant.errors import InputError, LLMError
from assistant.index.retriever import Retriever
from assistant.llm.seam import ChatModel
from assistant.settings import Settings


class Asker:
    def __init__(self, forms: list[Form], index: Retriever | None, settings: Settings, *,
                 model: ChatModel | None = None, today: date | None = None, sector: str | None = None):
        self.catalog = Catalog.from_forms(forms)
        self.index = index
        self.settings = settings
        self.today = today or date.today()
        self.sector = sector
        self._model = model

    @property
    def model(self) -> ChatModel | None:
        if self._model is None and self.settings.llm_configured:
            from assistant.llm.client import OpenAIChatModel

            self._model = OpenAIChatModel.from_settings(self.settings)
        return self._model

    def parse(self, question: str, session: Session | None = None) -> Question:
        if not question or not question.strip():
            raise InputError("问题是空的", hint="请输入要问的内容，例如“大连高新区哪些项目设了时效指标？”")
        q = parse_question(question, self.catalog, today=self.today, sector=self.sector)
        if session is None or session.last is None:
            q.follow_up = False  # nothing to follow: the question stands alone
            return q
        return session.resolve(q, self.catalog)

    def ask(self, question: str, session: Session | None = None) -> Answer:
        q = self.parse(question, session)
        plan = q.plan()
        answer = self.answer(q, plan)
        model = self.model
        if model is not None and (not q.sure or (not answer.found and not self._missing(q, plan))):
            # the rules could not place the question, or their plan found nothing: the model fills a plan
            from assistant.ask.llm_plan import plan_by_model

            try:
                model_plan, problems = plan_by_model(model, q.text, self.catalog, plan)
            except LLMError as exc:
                answer.notes.append(f"大模型未能给出查询计划（{exc.message}），按规则作答")
            else:
                if problems:
                    answer.notes.append("大模型的查询计划提到语料库中没有的内容（" + "；".join(problems) + "），按规则作答")
                else:
                    by_model = self.answer(q, model_plan, rest="")
                    if by_model.found or not answer.found:
                        answer = by_model
                        answer.notes.insert(0, "查询计划由大模型填写，数字由程序按计划计算")
        if model is not None:
            from assistant.ask.llm_answer import write_answer

            answer = write_answer(model, answer)
        if session is not None:
            session.record(q, answer)
        return answer

    def answer(self, q: Question, plan: Plan | None = None, *, rest: str | None = None) -> Answer:
        """The template answer of a parsed question under a plan (the rules' by default; no LLM).
        `rest`, the question's unlinked words that may name an indicator, is the rules' own; a
        model's plan names its indicators and runs without them."""
        plan = plan or q.plan()
        rest = q.rest if rest is None else rest
        reasons = self._missing(q, plan)
        scope_years = self.catalog.years_of(set(plan.forms)) if plan.forms else self.catalog.years
        years = [y for y in plan.years if y in scope_years]
        if not _has_subject(q, plan):
            return self._miss(q, plan, reasons, query.Result())
        if reasons:
            relaxed = plan.model_copy(update={"years": years})
            return self._miss(q, plan, reasons, self._find(q, relaxed, years, rest))
        result = self._find(q, plan, years, rest)
        if result.empty:
            closest = retrieve(plan, self.catalog, self.index, years=years, rest=rest).closest if q.phrase else []
            what = what_text(q)
            scope = scope_text(q, self.catalog)
            reason = f"语料库中没有找到{scope}{'的' if scope else ''}{what}"
            if plan.over == "forms":
                field = MONEY_FIELD_TEXT[plan.money or "total"]
                reason = f"语料库中没有找到{scope}{'的' if scope else ''}{field}（表中没有列出金额）"
            if plan.exclude_forms:
                reason += "（已排除上一问涉及的单位：" + "、".join(
                    sorted({f.unit or f.id for f in self.catalog.forms if f.id in plan.exclude_forms})) + "）"
            return self._miss(q, plan, [reason], query.Result(rows=closest))
        notes = self._notes(q, plan)
        if result.phrase_ignored:
            notes.append(f"问题中的“{q.phrase}”没有对应的指标名称，按其余条件作答")
        return Answer(question=q.text, text=summarize(q, plan, result, self.catalog),
                      citations=citations(result, self.catalog), path=q.path, found=True, notes=notes)

    def _find(self, q: Question, plan: Plan, years: list[int], rest: str) -> query.Result:
        if q.path == "query" or plan.op != "lookup" or plan.over != "indicators":
            return query.execute(plan, self.catalog, years=years, rest=rest)
        return query.Result(rows=retrieve(plan, self.catalog, self.index, years=years, rest=rest).found)

    def _missing(self, q: Question, plan: Plan) -> list[str]:
        """What the question names that the corpus does not hold: a year (of the named units, when
        it names some), a place, or a unit of another kind at a named place (福田区教育局)."""
        reasons = []
        scope = set(plan.forms) if plan.forms else ({f.id for f in self.catalog.forms if f.sector == plan.sector}
                                                     if plan.sector else {f.id for f in self.catalog.forms})
        known = self.catalog.years_of(scope)
        absent = [y for y in plan.years if y not in known]
        if absent:
            asked = "、".join(f"{y}年" for y in absent) + (f"（{'、'.join(q.year_words)}）" if q.year_words else "")
            whose = scope_text(q, self.catalog, with_years=False) if plan.forms else ""
            reasons.append(f"语料库中没有{whose}{asked}的表（现有年度：{'、'.join(str(y) for y in known)}）")
        if not _has_subject(q, plan):
            reasons.append("问题中没有可识别的单位、项目、指标、年度或行业")
        if q.unlinked and not plan.items:
            reasons.append(f"语料库中没有找到名为“{'、'.join(q.unlinked)}”的项目或金额")
        if q.unknown_places or q.unknown_units:
            unknown = q.unknown_places + q.unknown_units
            near = self.catalog.nearest_units(unknown, scope)
            hint = f"（相近的单位：{'、'.join(near)}）" if near else "（语料库中没有名称相近的单位）"
            reasons.append(f"语料库中没有“{'、'.join(unknown)}”的表{hint}")
        return reasons

    def _miss(self, q: Question, plan: Plan, reasons: list[str], result: query.Result) -> Answer:
        cited = citations(result, self.catalog)
        text = miss_text(reasons, closest=bool(cited))
        if cited:
            text += "\n" + closest_text(result)
        return Answer(question=q.text, text=text, citations=cited, path=q.path, found=False,
                      closest=bool(cited), notes=self._notes(q, plan))

    def _notes(self, q: Question, plan: Plan) -> list[str]:
        notes = []
        if q.year_words:
            notes.append(f"“{'、'.join(q.year_words)}”按参考日期 {self.today.isoformat()} 推算为 "
                         f"{'、'.join(str(y) for y in plan.years)} 年")
        if q.follow_up:
            notes.append("这是追问，沿用了上一问的项目、单位和年度")
        if plan.over == "projects":
            notes.append("“项目”按表的类型理解：项目表的项目、整体支出表的预算任务，或无任务表时的职能/目标分组")
        if plan.sector:
            notes.append(f"只查“{plan.sector}”行业的表")
        return notes


def _has_subject(q: Question, plan: Plan) -> bool:
    """Whether the question names anything to look in or for: a question of operator words alone
    (“哪个多？”) is not answered with the whole corpus."""
    return bool(plan.forms or plan.items or plan.exclude_items or plan.years or plan.sector or plan.level1
                or plan.level2 or plan.condition or plan.contains or plan.indicators or plan.exclude_forms
                or q.phrase or q.unknown_places or q.unknown_units)
