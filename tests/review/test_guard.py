"""The app's guards: an open bind needs a login, a busy port is a message, wrong passwords lock a name."""

import socket

import pytest

from assistant.errors import UserError
from assistant.review.guard import (
    FAILURES_BEFORE_LOCK,
    LOCK_SECONDS,
    ThrottledLogin,
    check_bind,
    check_port_free,
    max_upload_bytes,
)
from assistant.settings import Settings


def settings(**values):
    return Settings(_env_file=None, **values)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "example.org", "::"])
def test_an_open_bind_without_a_login_is_refused_in_chinese(host):
    with pytest.raises(UserError) as caught:
        check_bind(settings(app_host=host))
    assert host in str(caught.value) and "JXMB_APP_AUTH" in str(caught.value)


@pytest.mark.parametrize("values", [{"app_host": "127.0.0.1"}, {"app_host": "localhost"}, {"app_host": "::1"},
                                    {"app_host": "0.0.0.0", "app_auth": "甲:口令"},
                                    {"app_host": "0.0.0.0", "app_allow_open": True}])
def test_loopback_a_login_or_an_explicit_allow_open_starts(values):
    check_bind(settings(**values))


def test_a_port_in_use_is_a_chinese_message():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(UserError) as caught:
            check_port_free("127.0.0.1", port)
    assert f"端口 {port} 已被占用" in str(caught.value) and "JXMB_APP_PORT" in str(caught.value)


def test_the_upload_limit_defaults_to_20_mb_and_is_a_setting():
    assert max_upload_bytes(settings()) == 20 * 1024 * 1024
    assert max_upload_bytes(settings(app_max_upload_mb=1)) == 1024 * 1024


def test_repeated_wrong_passwords_lock_the_name_even_against_the_right_one_until_the_lock_ends():
    now = [1000.0]
    login = ThrottledLogin("甲", "对的口令", clock=lambda: now[0])
    assert login("甲", "对的口令")
    for _ in range(FAILURES_BEFORE_LOCK):
        assert not login("甲", "猜的")
    assert not login("甲", "对的口令")  # locked: guessing gains nothing
    now[0] += LOCK_SECONDS + 1
    assert login("甲", "对的口令")
