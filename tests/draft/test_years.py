"""Years in a copied row move to the new task's year."""

import pytest

from assistant.draft.years import roll_years


@pytest.mark.parametrize("text,year,rolled", [
    ("2024年12月底前完成", 2025, "2025年12月底前完成"),
    ("2023年1月至2023年12月", 2025, "2025年1月至2025年12月"),
    ("2023年3月-2024年6月", 2025, "2024年3月-2025年6月"),  # a span keeps its length
    ("2026年底前", 2025, "2026年底前"),  # a later year is a plan's, left alone
    ("12月底前", 2025, "12月底前"),
    ("2024年12月底前完成", None, "2024年12月底前完成"),
])
def test_years_move_forward_to_the_task_year(text, year, rolled):
    assert roll_years(text, year) == rolled
