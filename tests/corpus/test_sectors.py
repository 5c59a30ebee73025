"""The sector vocabulary and classifier: a task's words → its sector and activity type."""

from __future__ import annotations

import pytest

from assistant.corpus.sectors import classify, function_class_of, sector_names


@pytest.mark.parametrize("name, content, sector, activity", [
    ("农村公路养护工程", "养护县乡道320公里", "交通运输", "公路养护"),
    ("中小学教师培训", "组织全县中小学教师参加暑期培训800人次", "教育", "教师培训"),
    ("城区污水管网维护", "疏通市政排水管网、窨井清掏", "城市管理", "市政设施"),
    ("国家基本公共卫生服务", "建立居民健康档案，开展健康教育", "卫生健康", "公共卫生"),
    ("森林防火专项经费", "护林员巡护、防火物资购置", "林业草原", "森林保护"),
])
def test_a_task_is_classified_by_the_words_of_its_sector(name, content, sector, activity):
    guess = classify(name, content)
    assert (guess.sector, guess.activity) == (sector, activity)
    assert guess.sure and guess.evidence


def test_a_longer_word_takes_its_characters_from_a_shorter_one():
    # 卫生 inside 环境卫生 is street cleaning, not health
    assert classify("道路保洁服务", unit="市环境卫生管理处").sector == "城市管理"


def test_traditional_characters_are_classified_like_simplified():
    assert classify("農村公路養護").sector == classify("农村公路养护").sector == "交通运输"


def test_no_sector_word_means_no_guess():
    guess = classify("专项经费")
    assert guess.sector is None and not guess.sure


def test_every_sector_sits_under_a_functional_classification_heading():
    assert len(sector_names()) >= 20
    assert all(function_class_of(name) for name in sector_names())
    assert function_class_of("林业草原") == "农林水"
