"""The 起草 tab's fields read into a request (no browser: the functions the callbacks call)."""

from app import _header_request


def test_an_untouched_amount_box_means_no_amount_and_a_typed_one_is_kept():
    # gradio shows an untouched number box as 0: a draft must not plan 项目总成本 ≤0万元 from it
    untouched = _header_request("道路日常养护", "对辖区市政道路进行日常养护", 0, 2026, "", ["", "", "", "", 0, 0])
    assert (untouched.budget, untouched.fiscal, untouched.other) == (None, None, None)
    typed = _header_request("道路日常养护", "对辖区市政道路进行日常养护", 300, 2026, "", ["", "", "", "", 280, 20])
    assert (typed.budget, typed.fiscal, typed.other) == (300, 280, 20)
