"""Settle an indicator's levels: keep what the source states, fill what it leaves out.

Shared by every importer. Each filled-in level is recorded as an `Inference` with its
confidence and reason (levels.guess_level2), so a reviewer can see what was read and
what was guessed.
"""

from __future__ import annotations

from assistant.corpus import levels
from assistant.corpus.schema import Indicator, Inference


def settle_levels(ind: Indicator, explicit_l2: bool, explicit_l1: str | None = None) -> None:
    """Fill levels the row did not state, and record each as an inference."""
    inherited_l1 = ind.level1 if ind.level2 is None else None
    guess = levels.guess_level2(ind.name, ind.value.raw, within=inherited_l1)
    if not explicit_l2:
        inherited = ind.level2
        if inherited is None and guess:
            ind.level2 = guess.level2
            ind.inferred.append(Inference(field="level2", value=guess.level2, confidence=guess.confidence,
                                          reason=f"表中无二级指标，按{guess.reason}推断"))
        elif inherited and guess and guess.level2 != inherited and _overrides(guess, inherited):
            ind.level2 = guess.level2
            ind.inferred.append(Inference(
                field="level2", value=guess.level2, confidence=guess.confidence,
                reason=f"上方合并单元格为“{inherited}”，但{guess.reason}，按“{guess.level2}”归类"))
    if ind.level2:
        parent = levels.parent_of(ind.level2)
        if ind.level1 is None or not levels.allowed(ind.level1, ind.level2):
            before = ind.level1
            ind.level1 = parent
            reason = "按二级指标推出一级指标" if before is None else f"一级“{before}”与二级“{ind.level2}”不符，按二级归类"
            ind.inferred.append(Inference(field="level1", value=parent or "", confidence=0.95, reason=reason))
    elif ind.level1 is None and guess is None:
        ind.inferred.append(Inference(field="level2", value="", confidence=0.0, reason="无法判断层级，需人工确认"))
    if explicit_l1 and ind.level1 != explicit_l1 and not any(i.field == "level1" for i in ind.inferred):
        ind.inferred.append(Inference(field="level1", value=ind.level1 or "", confidence=0.9,
                                      reason=f"一级“{explicit_l1}”与二级不符，按二级归类"))


def _overrides(guess: levels.LevelGuess, inherited: str) -> bool:
    """Whether evidence in the row beats a level inherited from a merged cell above.

    Only a 满意度 name under a non-满意度 block does: elsewhere the corpus keeps what the
    form says (the validator judges it), and floating labels are settled by review.
    """
    return guess.level2 == levels.SERVICE_SATISFACTION and levels.parent_of(inherited) != levels.SATISFACTION
