"""newsroom.cache.ResilientRedisCache: Redis away means cache misses, never errors."""

import logging
import os
import shutil
import signal
import socket
import subprocess
import time

import pytest

from newsroom import cache as resilient

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


def make_cache(location, **options):
    options.setdefault("down_seconds", 0.05)
    return resilient.ResilientRedisCache(
        location, {"KEY_PREFIX": f"t{time.monotonic_ns()}", "OPTIONS": options}
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def private_redis():
    """A Redis server of our own, so tests can stop, pause and restart it safely."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    port = free_port()

    class Server:
        url = f"redis://127.0.0.1:{port}/0"
        process = None

        def start(self):
            self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
                [
                    binary,
                    "--port",
                    str(port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--appendonly",
                    "no",
                ],
                stdout=subprocess.DEVNULL,
            )
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    return
                except OSError:
                    time.sleep(0.02)
            raise RuntimeError("private redis-server did not start")

        def stop(self):
            if self.process and self.process.poll() is None:
                self.process.send_signal(signal.SIGCONT)
                self.process.terminate()
                self.process.wait(5)

    server = Server()
    server.start()
    yield server
    server.stop()


def test_reads_are_misses_when_redis_is_unreachable():
    cache = make_cache(f"redis://127.0.0.1:{free_port()}/0")

    assert cache.get("front-page", "miss") == "miss"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("a") is False


def test_writes_are_no_ops_when_redis_is_unreachable():
    cache = make_cache(f"redis://127.0.0.1:{free_port()}/0")

    cache.set("front-page", "html")
    cache.delete("front-page")
    cache.delete_many(["a", "b"])

    assert cache.add("k", 1) is False


def test_incr_reports_a_missing_key_when_redis_is_unreachable():
    cache = make_cache(f"redis://127.0.0.1:{free_port()}/0")

    with pytest.raises(ValueError):
        cache.incr("generation")


def test_an_outage_logs_one_warning_not_one_per_call(caplog):
    cache = make_cache(f"redis://127.0.0.1:{free_port()}/0", down_seconds=0)

    with caplog.at_level(logging.WARNING, logger="newsroom.cache"):
        for _ in range(50):
            cache.get("front-page")

    assert len([r for r in caplog.records if "unavailable" in r.getMessage()]) == 1


def test_a_stopped_redis_costs_no_waiting():
    cache = make_cache(f"redis://127.0.0.1:{free_port()}/0", down_seconds=0)

    started = time.monotonic()
    for _ in range(20):
        cache.get("front-page")

    # Refused connections fail at once: no backoff sleeps, no retries with delays.
    assert time.monotonic() - started < 2


def test_values_round_trip_through_the_shared_redis():
    cache = make_cache(REDIS_URL)

    cache.set("front-page", {"html": "<p>ok</p>"}, 30)

    assert cache.get("front-page") == {"html": "<p>ok</p>"}
    cache.delete("front-page")


def test_one_redis_client_serves_every_call():
    # Django builds a client per call; building one costs more than a cached page's read.
    cache = make_cache(REDIS_URL)
    client = cache._cache.get_client(write=True)

    cache.set("front-page", "html", 30)
    assert cache.get("front-page") == "html"
    assert cache._cache.get_client() is client
    cache.delete("front-page")


def test_the_cache_is_used_again_when_redis_returns(private_redis):
    cache = make_cache(private_redis.url)
    cache.set("warm", 1)
    private_redis.stop()
    assert cache.get("warm", "miss") == "miss"

    private_redis.start()
    time.sleep(0.1)  # past the circuit breaker's pause
    cache.set("front-page", "html")

    assert cache.get("front-page") == "html"


def test_a_delete_lost_during_a_blip_purges_possibly_stale_pages(private_redis):
    """Redis paused (not restarted) keeps its data: a withdrawn article's cached page would
    survive the lost invalidation unless the cache purges on recovery."""
    cache = make_cache(private_redis.url, socket_timeout=0.2)
    cache.set("page:/articles/withdrawn/", "stale html")
    private_redis.process.send_signal(signal.SIGSTOP)
    try:
        cache.delete("page:/articles/withdrawn/")
    finally:
        private_redis.process.send_signal(signal.SIGCONT)
    time.sleep(0.1)

    assert cache.get("page:/articles/withdrawn/") is None


def test_the_purge_keeps_other_sites_keys(private_redis):
    cache = make_cache(private_redis.url, socket_timeout=0.2)
    neighbour = make_cache(private_redis.url)
    neighbour.set("their-page", "theirs")
    private_redis.process.send_signal(signal.SIGSTOP)
    try:
        cache.delete("page")
    finally:
        private_redis.process.send_signal(signal.SIGCONT)
    time.sleep(0.1)
    cache.get("page")

    assert neighbour.get("their-page") == "theirs"
