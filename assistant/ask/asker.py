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
                 model: ChatModel | None = None, today: date | None = None):
        self.catalog = Catalog.from_forms(forms)
        self.index = index
        self.settings = settings
        self.today = today or date.today()
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
        q = parse_question(question, self.catalog, today=self.today)
        if session is None or session.last is None:
            q.follow_up = False  # nothing to follow: the question stands alone
            return q
        return session.resolve(q, self.catalog)

    def ask(self, question: str, session: Session | None = None) -> Answer:
        q = self.parse(question, session)
        notes = []
        model = self.model
        if not q.sure and model is not None:
            from assistant.ask.llm_answer import choose_path

            try:
                q.path = choose_path(model, q.text)
                notes.append(f"规则无法判断问题类型，由大模型选择了{'统计查询' if q.path == 'query' else '检索'}")
            except LLMError as exc:
                notes.append(f"大模型未能判断问题类型（{exc.message}），按检索作答")
        answer = self.answer(q)
        answer.notes = notes + answer.notes
        if model is not None:
            from assistant.ask.llm_answer import write_answer

            answer = write_answer(model, answer)
        if session is not None:
            session.record(q, answer)
        return answer

    def answer(self, q: Question) -> Answer:
        """The template answer of a parsed question (no LLM)."""
        reasons = self._missing(q)
        years = [y for y in q.years if y in self.catalog.years]
        if reasons:
            relaxed = q.model_copy(update={"years": years})
            rows = self._find(relaxed, years)
            return self._miss(q, reasons, rows)
        result = self._find(q, years)
        if result.empty:
            closest = retrieve(q, self.catalog, self.index).closest if q.phrase else []
            what = what_text(q)
            scope = scope_text(q, self.catalog)
            reason = f"语料库中没有找到{scope}{'的' if scope else ''}{what}"
            if q.exclude_forms:
                reason += "（已排除上一问涉及的单位：" + "、".join(
                    sorted({f.unit or f.id for f in self.catalog.forms if f.id in q.exclude_forms})) + "）"
            return self._miss(q, [reason], query.Result(rows=closest))
        return Answer(question=q.text, text=summarize(q, result, self.catalog), citations=citations(result),
                      path=q.path, found=True, notes=self._notes(q))

    def _find(self, q: Question, years: list[int]) -> query.Result:
        if q.path == "query":
            return query.run(q, self.catalog, years=years)
        return query.Result(rows=retrieve(q, self.catalog, self.index, years=years).found)

    def _missing(self, q: Question) -> list[str]:
        reasons = []
        known = self.catalog.years
        absent = [y for y in q.years if y not in known]
        if absent:
            asked = "、".join(f"{y}年" for y in absent) + (f"（{'、'.join(q.year_words)}）" if q.year_words else "")
            reasons.append(f"语料库中没有{asked}的表（现有年度：{'、'.join(str(y) for y in known)}）")
        if q.unknown_places:
            units = "、".join(sorted({f.unit for f in self.catalog.forms if f.unit}))
            reasons.append(f"语料库中没有“{'、'.join(q.unknown_places)}”的表（现有单位：{units}）")
        return reasons

    def _miss(self, q: Question, reasons: list[str], result: query.Result) -> Answer:
        cited = citations(result)
        text = miss_text(reasons, closest=bool(cited))
        if cited:
            text += "\n" + closest_text(result)
        return Answer(question=q.text, text=text, citations=cited, path=q.path, found=False,
                      closest=bool(cited), notes=self._notes(q))

    def _notes(self, q: Question) -> list[str]:
        notes = []
        if q.year_words:
            notes.append(f"“{'、'.join(q.year_words)}”按参考日期 {self.today.isoformat()} 推算为 "
                         f"{'、'.join(str(y) for y in q.years)} 年")
        if q.follow_up:
            notes.append("这是追问，沿用了上一问的项目、单位和年度")
        if q.target == "items":
            notes.append("“项目”按表的类型理解：项目表的项目、整体支出表的预算任务，或无任务表时的职能/目标分组")
        return notes
