#!/usr/bin/env python3
"""Graceful shutdown: SIGTERM under load ends live streams cleanly, finishes the requests in
flight, exits 0, and loses nothing acknowledged.

  tests/faults/sigterm.py                            on a SQLite file
  scripts/with-postgres tests/faults/sigterm.py      on PostgreSQL (TEST_DATABASE_URL)

As kill9.py (whose helpers it uses), with SIGTERM instead of SIGKILL and a live stream open:
the stream must end with a clean close, the process must exit 0 within 20 seconds, every post
answered before the connection closed must be 201, and every 201 must be in its thread after
a restart. Exits 1 otherwise.
"""
import http.client, os, signal, sys, threading, time
from urllib.parse import urlparse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kill9 import POSTS, database, post_all, server_env, start, stored  # noqa: E402


def open_stream(url):
    """A live stream of /crash/0, read until it opens; returns the connection and response."""
    target = urlparse(url)
    conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
    conn.request("GET", "/api/v1/events?site=demo&page=/crash/0")
    response = conn.getresponse()
    assert response.status == 200, response.status
    response.readline()  # the first line of the first event
    return conn, response


def main():
    database_url, _, drop = database()
    env = server_env(database_url)
    try:
        proc, url = start(env)
        _, stream = open_stream(url)
        acknowledged, half_done, stop = {}, threading.Event(), threading.Event()
        threads = post_all(url, acknowledged, half_done, stop)
        half_done.wait(timeout=300)
        signalled = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        ended_cleanly = stream.read() is not None  # reads to the end: EOF, not a reset
        code = proc.wait(timeout=20)
        took = time.monotonic() - signalled
        stop.set()
        for thread in threads:
            thread.join()
        at_exit = len(acknowledged)
        proc, url = start(env, urlparse(url).netloc)
        try:
            found = stored(url)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait()
    finally:
        drop()

    lost = [id for id in acknowledged if id not in found]
    backend = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    print(f"SIGTERM on {backend}: exit code {code} after {took:.2f} s, live stream closed cleanly: "
          f"{ended_cleanly}, {at_exit} posts acknowledged, {len(lost)} lost")
    if code != 0 or not ended_cleanly or lost or at_exit < POSTS // 2:
        sys.exit(1)


if __name__ == "__main__":
    main()
