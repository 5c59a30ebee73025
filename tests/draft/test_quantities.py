"""Quantities a task's content names become its quantity rows' values."""

from assistant.draft.quantities import quantities_in


def test_kilometres_people_and_villages_are_read_with_what_is_done():
    found = quantities_in("养护县乡道320公里，培训农技人员800人次，覆盖12个村")
    assert [(q.name(), q.value()) for q in found] == [
        ("养护县乡道里程", "≥320公里"), ("培训农技人员人次", "≥800人次"), ("覆盖村数", "≥12个")]


def test_fillers_before_the_work_are_dropped():
    (forest,) = quantities_in("全年计划完成造林5000亩")
    assert (forest.name(), forest.value()) == ("造林面积", "≥5000亩")


def test_money_rates_dates_and_bare_numbers_are_not_quantities_of_work():
    assert quantities_in("项目资金560万元，完成率100%，2024年12月底前完成") == []
    assert quantities_in("320公里") == []
