#!/usr/bin/env python3
"""Crash safety: every comment the server acknowledged survives `kill -9`.

  tests/faults/kill9.py                              on a SQLite file
  scripts/with-postgres tests/faults/kill9.py        on PostgreSQL (TEST_DATABASE_URL)

Starts `parlons serve` (PARLONS_BIN, default target/debug/parlons) with rate limits off, sends
2,000 posts from 16 concurrent clients, kills the server with SIGKILL once half of them are
acknowledged, restarts it on the same database, and checks that every comment answered 201 is
in its thread with its text, and (SQLite) that `PRAGMA integrity_check` says ok. Exits 1 on
any loss.
"""
import http.client, json, os, random, re, signal, sqlite3, string, subprocess, sys, tempfile, threading
from urllib.parse import urlparse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("PARLONS_BIN", os.path.join(ROOT, "target", "debug", "parlons"))
POSTS, CLIENTS = 2000, 16


def database():
    server = os.environ.get("TEST_DATABASE_URL", "")
    if server.startswith("postgres"):
        name = "parlons_kill9_" + "".join(random.choices(string.ascii_lowercase, k=8))
        subprocess.run(["psql", server, "-qc", f"create database {name}"], check=True)
        drop = lambda: subprocess.run(["psql", server, "-qc", f"drop database if exists {name} with (force)"])  # noqa: E731
        return f"{server.rsplit('/', 1)[0]}/{name}", None, drop
    directory = tempfile.mkdtemp(prefix="parlons-kill9-")
    return f"sqlite://{directory}/parlons.db", f"{directory}/parlons.db", lambda: None


def server_env(database_url):
    """The environment of a server on `database_url`, with rate limits off."""
    # The server refuses PARLONS_* variables it does not know: PARLONS_BIN is this script's.
    inherited = {name: value for name, value in os.environ.items() if name != "PARLONS_BIN"}
    return {**inherited, "PARLONS_DATABASE_URL": database_url, "PARLONS_POSTS_PER_MINUTE": "0",
            "PARLONS_READS_PER_SECOND": "0", "PARLONS_MIN_POST_SECONDS": "0", "RUST_LOG": "error"}


def start(env, bind="127.0.0.1:0"):
    proc = subprocess.Popen([BIN, "serve"], env={**env, "PARLONS_BIND": bind}, stdout=subprocess.PIPE, text=True)
    url = re.search(r"listening on (\S+)", proc.stdout.readline()).group(1)
    return proc, url


def post_all(url, acknowledged, half_done, stop):
    target = urlparse(url)
    lock = threading.Lock()
    counter = iter(range(POSTS))

    def client():
        conn = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
        while not stop.is_set():
            with lock:
                n = next(counter, None)
            if n is None:
                return
            text = f"Commentaire {n} : {'é' * (n % 7)} durable"
            body = json.dumps({"site": "demo", "page": f"/crash/{n % 5}", "text": text})
            try:
                conn.request("POST", "/api/v1/comments", body, {"content-type": "application/json", "origin": url})
                response = conn.getresponse()
                answer = response.read()
            except (OSError, http.client.HTTPException):
                return  # the server is gone: this post was never acknowledged
            if response.status == 201:
                with lock:
                    acknowledged[json.loads(answer)["id"]] = text
                    if len(acknowledged) >= POSTS // 2:
                        half_done.set()
            else:
                print(f"unexpected answer {response.status}: {answer[:200]}", file=sys.stderr)
                return

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for thread in threads:
        thread.start()
    return threads


def stored(url):
    """Every published comment of the five crash pages: id -> text."""
    found = {}
    for page in range(5):
        after = ""
        while True:
            conn = http.client.HTTPConnection(urlparse(url).hostname, urlparse(url).port)
            conn.request("GET", f"/api/v1/threads?site=demo&page=/crash/{page}&limit=500&after={after}")
            thread = json.loads(conn.getresponse().read())
            conn.close()
            for comment in thread["comments"]:
                found[comment["id"]] = re.sub(r"<[^>]+>", "", comment["html"]).strip()
            if not thread["next"]:
                break
            after = thread["next"]
    return found


def main():
    database_url, sqlite_file, drop = database()
    env = server_env(database_url)
    try:
        proc, url = start(env)
        acknowledged, half_done, stop = {}, threading.Event(), threading.Event()
        threads = post_all(url, acknowledged, half_done, stop)
        half_done.wait(timeout=300)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        stop.set()
        for thread in threads:
            thread.join()
        killed_at = len(acknowledged)

        if sqlite_file:
            check = sqlite3.connect(sqlite_file).execute("pragma integrity_check").fetchone()[0]
        proc, url = start(env, urlparse(url).netloc)
        try:
            found = stored(url)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait()
    finally:
        drop()

    lost = [id for id in acknowledged if id not in found]
    changed = [id for id in acknowledged if id in found and found[id] != acknowledged[id]]
    backend = "SQLite" if sqlite_file else "PostgreSQL"
    print(f"kill -9 on {backend}: {killed_at} posts acknowledged before the kill, {len(found)} stored after "
          f"the restart, {len(lost)} lost, {len(changed)} changed"
          + (f", integrity_check: {check}" if sqlite_file else ""))
    if lost or changed or (sqlite_file and check != "ok") or killed_at < POSTS // 2:
        sys.exit(1)


if __name__ == "__main__":
    main()
