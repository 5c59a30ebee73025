"""What stands between the web app and the network: who may bind where, how logins are throttled,
how big an upload may be. Pure except `check_port_free`, which tries the port.

    check_bind(settings)                       # a non-loopback address needs JXMB_APP_AUTH (or ALLOW_OPEN)
    check_port_free(settings.app_host, settings.app_port)
    auth = ThrottledLogin(user, password)      # gradio's auth callable: 5 failures lock the name for a while
"""

from __future__ import annotations

import hmac
import ipaddress
import socket
import threading
import time
from collections.abc import Callable

from assistant.errors import UserError
from assistant.settings import Settings

FAILURES_BEFORE_LOCK = 5
LOCK_SECONDS = 60.0


def is_loopback(host: str) -> bool:
    """Only this machine can reach `host` ("" and 0.0.0.0 mean every interface)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name other than localhost may resolve anywhere


def check_bind(settings: Settings) -> None:
    """Refuse to serve every callback (approval writes the corpus) to the network without a login."""
    if is_loopback(settings.app_host) or settings.app_auth or settings.app_allow_open:
        return
    raise UserError(f"应用要在 {settings.app_host} 上对外提供服务，但没有设置登录口令",
                    hint="请设置 JXMB_APP_AUTH=用户名:口令；确需不设口令对外开放，请设置 JXMB_APP_ALLOW_OPEN=1")


def check_port_free(host: str, port: int) -> None:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise UserError(f"端口 {port} 已被占用或无法在 {host} 上使用（{exc.strerror or exc}）",
                            hint="请关闭占用它的程序，或用 JXMB_APP_PORT 换一个端口") from None


def max_upload_bytes(settings: Settings) -> int:
    return int(settings.app_max_upload_mb * 1024 * 1024)


class ThrottledLogin:
    """gradio's `auth` callable: right name and password, unless the name failed
    `FAILURES_BEFORE_LOCK` times in a row, which locks it for `LOCK_SECONDS` (guessing slows to a crawl)."""

    def __init__(self, user: str, password: str, clock: Callable[[], float] = time.monotonic):
        self._user, self._password, self._clock = user, password, clock
        self._failures: dict[str, int] = {}
        self._locked_until: dict[str, float] = {}
        self._lock = threading.Lock()

    def __call__(self, user: str, password: str) -> bool:
        now = self._clock()
        with self._lock:
            if self._locked_until.get(user, 0.0) > now:
                return False
            if hmac.compare_digest(f"{user}\0{password}".encode(), f"{self._user}\0{self._password}".encode()):
                self._failures.pop(user, None)
                return True
            failures = self._failures.get(user, 0) + 1
            self._failures[user] = failures
            if failures >= FAILURES_BEFORE_LOCK:
                self._locked_until[user] = now + LOCK_SECONDS
                self._failures[user] = 0
            return False
