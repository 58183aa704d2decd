"""Real delivery: an SMTP sink, a Redis broker and Celery worker processes.

These fixtures serve tests/notifications/test_delivery.py, which runs only in CI's services
run (PostgreSQL and Redis): a worker process can't share an in-memory SQLite database.
Every wait has a time limit and every process started here is stopped at teardown, also
when the test fails.
"""

import asyncio
import email
import email.policy
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest
from django.conf import settings as django_settings

from plc.celery import app as celery_app

BASE_DIR = Path(django_settings.BASE_DIR)
SKIP_REASON = "needs PostgreSQL and Redis: runs in CI's services run"
SEND_MESSAGE = "notifications.tasks.send_message"
SEND_DUE = "notifications.tasks.send_due"


def services_available() -> bool:
    engine = django_settings.DATABASES["default"]["ENGINE"]
    return engine == "django.db.backends.postgresql" and bool(django_settings.REDIS_URL)


def wait_until(predicate, *, timeout: float, what: str, interval: float = 0.05, detail=None):
    """Poll until predicate() is truthy; fail (never hang) after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            extra = f"\n{detail()}" if detail else ""
            pytest.fail(f"timed out after {timeout:g} s waiting for {what}{extra}")
        time.sleep(interval)


# The SMTP sink ------------------------------------------------------------------------------


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes

    @property
    def message(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.content, policy=email.policy.default)

    @property
    def key(self) -> str:
        return str(self.message["X-PLC-Message"])


@dataclass
class SinkHandler:
    """Stores what it accepts. Can refuse the first N messages with 451, refuse some
    addresses with 550, or hold the reply to the first N messages for a while (so a test
    can kill the sender mid-transaction): a message counts as received only once the
    final 250 reply goes out on a live connection."""

    host: str = "127.0.0.1"
    port: int = 0
    fail_first: int = 0
    stall_first: int = 0
    stall_seconds: float = 15.0
    reject: set[str] = field(default_factory=set)
    received: list[Received] = field(default_factory=list)
    refused: list[Received] = field(default_factory=list)
    interrupted: list[Received] = field(default_factory=list)
    rejected_rcpts: list[str] = field(default_factory=list)
    stalling: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            with self.lock:
                self.rejected_rcpts.append(address)
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        item = Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content))
        with self.lock:
            refuse = self.fail_first > 0
            self.fail_first -= refuse
            stall = not refuse and self.stall_first > 0
            self.stall_first -= stall
        if refuse:
            with self.lock:
                self.refused.append(item)
            return "451 4.3.0 Temporary failure, try again later"
        if stall:
            self.stalling.set()
            try:
                await asyncio.sleep(self.stall_seconds)
            except asyncio.CancelledError:  # the client went away while we waited
                with self.lock:
                    self.interrupted.append(item)
                raise
            if session.transport is None or session.transport.is_closing():
                with self.lock:
                    self.interrupted.append(item)
                return "451 4.4.2 Connection lost"
        with self.lock:
            self.received.append(item)
        return "250 2.0.0 Message accepted for delivery"

    # Reading, from the test thread --------------------------------------------------------

    def snapshot(self) -> list[Received]:
        with self.lock:
            return list(self.received)

    def keys(self) -> list[str]:
        return [item.key for item in self.snapshot()]

    def delivered(self, key: str) -> list[Received]:
        return [item for item in self.snapshot() if item.key == key]

    def wait_for(self, keys, *, timeout: float, detail=None) -> list[Received]:
        """Wait until a mail with each of these keys (X-PLC-Message) has arrived."""
        keys = set(keys)
        wait_until(
            lambda: keys <= set(self.keys()),
            timeout=timeout,
            what=f"mail at the SMTP sink, for {sorted(keys)}",
            detail=lambda: f"arrived: {self.keys()}" + (f"\n{detail()}" if detail else ""),
        )
        return [item for item in self.snapshot() if item.key in keys]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_sink(settings):
    """An aiosmtpd server on 127.0.0.1 at a free port; Django in this process sends to it."""
    from aiosmtpd.controller import Controller

    handler = SinkHandler()
    controller = None
    for _attempt in range(5):  # the free port may be taken between probe and bind
        candidate = Controller(
            handler,
            hostname="127.0.0.1",
            port=_free_port(),
            server_hostname="sink.test",
            ready_timeout=10,
        )
        try:
            candidate.start()
        except Exception:
            continue
        controller = candidate
        break
    if controller is None:
        pytest.fail("could not start the SMTP sink")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        handler.port = controller.port
        yield handler
    finally:
        controller.stop(no_assert=True)


# Redis and the Celery app of this process -----------------------------------------------


def _xdist_index() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    match = re.fullmatch(r"gw(\d+)", worker)
    return int(match.group(1)) if match else 0


@pytest.fixture
def redis_url() -> str:
    """REDIS_URL with a database number of this pytest worker's own (gw0: base+1, gw1:
    base+2, ...), emptied before and after the test, so two pytest workers never take each
    other's tasks and nothing is left queued for the next test."""
    import redis

    parts = urlsplit(django_settings.REDIS_URL)
    base = int(parts.path.strip("/") or 0)
    url = urlunsplit(parts._replace(path=f"/{base + 1 + _xdist_index()}"))
    client = redis.Redis.from_url(url, socket_timeout=5)
    client.flushdb()
    try:
        yield url
    finally:
        client.flushdb()
        client.close()


def _reset_broker_pools() -> None:
    """Forget the broker connections of this process, so the next task goes to the broker
    now configured (kombu keeps its pools in a registry of its own)."""
    from kombu import pools

    pools.reset()
    celery_app._pool = None
    if "amqp" in celery_app.__dict__:
        celery_app.amqp._producer_pool = None


@pytest.fixture
def real_broker(settings, redis_url):
    """Tasks sent from this process go to Redis (the root conftest makes them eager)."""
    saved = {
        name: celery_app.conf[name]
        for name in ("broker_url", "task_always_eager", "broker_connection_timeout")
    }
    settings.CELERY_BROKER_URL = redis_url
    settings.CELERY_TASK_ALWAYS_EAGER = False
    celery_app.conf.broker_url = redis_url
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_connection_timeout = 5
    _reset_broker_pools()
    try:
        yield redis_url
    finally:
        _reset_broker_pools()
        for name, value in saved.items():
            celery_app.conf[name] = value


# Processes: Celery workers and management commands ------------------------------------------


def _database_url() -> str:
    db = django_settings.DATABASES["default"]
    auth = quote(db.get("USER") or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}@{host}{port}/{quote(db['NAME'], safe='')}"


@pytest.fixture
def service_env(transactional_db, smtp_sink, real_broker) -> dict[str, str]:
    """The environment of a process that works on this test's database (the current test
    database: test_plc, or test_plc_gw0 / test_plc_gw1 under xdist), this pytest worker's
    Redis database and the SMTP sink."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTEST_", "COV_")) and key != "DJANGO_SETTINGS_MODULE"
    }
    env.update(
        DJANGO_SETTINGS_MODULE=os.environ.get("DJANGO_SETTINGS_MODULE", "plc.settings"),
        DATABASE_URL=_database_url(),
        REDIS_URL=real_broker,
        EMAIL_URL=f"smtp://{smtp_sink.host}:{smtp_sink.port}",
        NOTIFICATIONS_SEND_LEASE_SECONDS=str(django_settings.NOTIFICATIONS_SEND_LEASE_SECONDS),
        PYTHONUNBUFFERED="1",
        LOG_LEVEL="INFO",
    )
    return env


def _stop(process: subprocess.Popen, *, grace: float = 10) -> None:
    """Terminate one process we started (by its id), then kill it if it doesn't stop."""
    if process.poll() is not None:
        return
    try:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


TASK_EVENT = re.compile(
    r"Task (?P<name>[\w.]+)\[(?P<id>[0-9a-f-]+)\] "
    r"(?P<event>received|succeeded|retry|raised)(?: in [\d.]+s: (?P<result>.*))?"
)


class Worker:
    """One `celery worker` process; its log goes to a file the test can read."""

    def __init__(self, env: dict[str, str], log_path: Path, name: str) -> None:
        import redis

        self.log_path = log_path
        self._redis = redis.Redis.from_url(env["REDIS_URL"], socket_timeout=5)
        self._log = log_path.open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "plc",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "-Q",
                "celery",
                "--loglevel=INFO",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"{name}@%h",
            ],
            cwd=BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def tail(self, lines: int = 60) -> str:
        return f"--- worker log {self.log_path} ---\n" + "\n".join(self.log().splitlines()[-lines:])

    def wait_ready(self, timeout: float = 60) -> None:
        def ready():
            if self.process.poll() is not None:
                pytest.fail(f"the worker exited with {self.process.returncode}\n{self.tail()}")
            return re.search(r"\S+@\S+ ready\.", self.log())

        wait_until(ready, timeout=timeout, what="the Celery worker to be ready", detail=self.tail)

    def events(self, task: str = SEND_MESSAGE) -> list[tuple[str, str, str | None]]:
        """(task id, event, result) for each line the worker logged about `task`."""
        return [
            (m["id"], m["event"], m["result"])
            for m in TASK_EVENT.finditer(self.log())
            if m["name"] == task
        ]

    def results(self, task: str = SEND_MESSAGE) -> list[str]:
        """What each finished run of `task` returned ('sent', 'busy', ...) or 'retry'."""
        return [
            "retry" if event == "retry" else (result or event)
            for _id, event, result in self.events(task)
            if event != "received"
        ]

    def _busy(self) -> bool:
        """Is a task waiting in the queue, or received and neither finished nor waiting
        for its retry time (a retry with a countdown is held by the worker until then)?"""
        if self._redis.llen("celery"):
            return True
        received, finished, retried = Counter(), Counter(), set()
        for task in (SEND_MESSAGE, SEND_DUE):
            for task_id, event, _result in self.events(task):
                if event == "received":
                    received[task_id] += 1
                else:
                    finished[task_id] += 1
                if event == "retry":
                    retried.add(task_id)
        return any(
            received[task_id] > finished[task_id]
            and not (task_id in retried and received[task_id] == finished[task_id] + 1)
            for task_id in received
        )

    def wait_idle(self, timeout: float = 30, quiet: float = 0.5) -> None:
        """Wait until the worker has nothing left to do now (and its log stayed quiet for
        `quiet` seconds), so a test can count what was delivered without a late one."""
        state = {"log": None, "since": time.monotonic()}

        def idle():
            if self.process.poll() is not None:
                pytest.fail(f"the worker exited with {self.process.returncode}\n{self.tail()}")
            log = self.log()
            if log != state["log"]:
                state.update(log=log, since=time.monotonic())
            return not self._busy() and time.monotonic() - state["since"] >= quiet

        wait_until(idle, timeout=timeout, what="the worker to be idle", detail=self.tail)

    def kill(self) -> None:
        """kill -9: no warm shutdown, no ack, no goodbye to the SMTP server."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        try:
            _stop(self.process)
        finally:
            self._log.close()
            self._redis.close()


@pytest.fixture
def start_worker(service_env, tmp_path):
    """Start Celery workers (ready to consume) on this test's database and broker; all of
    them are stopped at teardown, even when the test fails."""
    started: list[Worker] = []

    def start(**extra_env: str) -> Worker:
        n = len(started) + 1
        worker = Worker(
            {**service_env, **extra_env},
            tmp_path / f"worker-{n}.log",
            name=f"plc-test-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}-{n}-{os.getpid()}",
        )
        started.append(worker)
        worker.wait_ready()
        return worker

    try:
        yield start
    finally:
        for worker in reversed(started):
            worker.stop()


@pytest.fixture
def worker(start_worker) -> Worker:
    return start_worker()


@pytest.fixture
def manage(service_env):
    """Run `manage.py <args>` processes with the test's environment. start() returns the
    running process; finish() waits for it (with a time limit) and returns its output."""
    started: list[subprocess.Popen] = []

    class Manage:
        @staticmethod
        def start(*args: str, **extra_env: str) -> subprocess.Popen:
            process = subprocess.Popen(
                [sys.executable, "manage.py", *args],
                cwd=BASE_DIR,
                env={**service_env, **extra_env},
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                start_new_session=True,
            )
            started.append(process)
            return process

        @staticmethod
        def finish(process: subprocess.Popen, timeout: float = 60) -> str:
            try:
                out, err = process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                out, err = process.communicate(timeout=10)
                pytest.fail(f"{process.args} took longer than {timeout} s\n{out}\n{err}")
            assert process.returncode == 0, f"{process.args} failed:\n{out}\n{err}"
            return out

    try:
        yield Manage
    finally:
        for process in started:
            _stop(process, grace=5)
            for pipe in (process.stdout, process.stderr):
                pipe.close()
