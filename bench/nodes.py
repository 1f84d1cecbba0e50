#!/usr/bin/env python3
"""SQLite against PostgreSQL, and live delivery across nodes. Prints tables; no pass/fail.

  scripts/with-postgres python3 bench/nodes.py

1. The same scenarios on a release `parlons` with SQLite and with PostgreSQL, same data, same
   run: GET of a 100-comment thread and POST of a new comment, wrk -t2 -c64, medians of runs.
2. Two nodes on one PostgreSQL: a reader subscribed on node B, 1,000 comments posted one after
   another on node A; the time from sending each POST to its `comment` event on B, p50/p99.
"""
import json, os, re, signal, statistics, subprocess, sys, tempfile, threading, time
import http.client, urllib.request
from urllib.parse import urlparse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "parlons")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import post, wrk  # noqa: E402  (shared helpers)


def serve(database_url):
    env = {**os.environ, "PARLONS_BIND": "127.0.0.1:0", "PARLONS_DATABASE_URL": database_url,
           "PARLONS_POSTS_PER_MINUTE": "0", "PARLONS_READS_PER_SECOND": "0", "RUST_LOG": "warn",
           "PARLONS_DUPLICATE_WINDOW_MINUTES": "0", "PARLONS_MIN_POST_SECONDS": "0"}
    proc = subprocess.Popen([BIN, "serve"], env=env, stdout=subprocess.PIPE, text=True)
    url = re.search(r"listening on (\S+)", proc.stdout.readline()).group(1)
    return proc, url


def stop(proc):
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=10)


def new_pg_database(name):
    base = os.environ["TEST_DATABASE_URL"].rsplit("/", 1)[0]
    subprocess.run(["psql", os.environ["TEST_DATABASE_URL"], "-qc", f"create database {name}"], check=True)
    return f"{base}/{name}"


def throughput(label, database_url, runs, duration):
    proc, base = serve(database_url)
    try:
        for n in range(100):
            post(base, "/api/v1/comments", {"site": "demo", "page": "/bench", "author": f"Lecteur {n}",
                                              "text": f"Commentaire {n} avec du **Markdown** et un [lien](https://example.org/{n})."})
        lua = os.path.join(tempfile.mkdtemp(), "post.lua")
        with open(lua, "w") as f:
            body = json.dumps({"site": "demo", "page": "/posts", "text": "Un commentaire de plus, avec *un peu* de texte."})
            f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                    f'wrk.headers["Origin"] = "{base}"\nwrk.body = {json.dumps(body)}\n')
        rows = []
        for scenario, url, script in [("GET thread (100)", f"{base}/api/v1/threads?site=demo&page=/bench", None),
                                      ("POST comment", f"{base}/api/v1/comments", lua)]:
            results = [wrk(url, 64, duration, script) for _ in range(runs)]
            rows.append((label, scenario, statistics.median(r["rps"] for r in results),
                         statistics.median(r["p99"] for r in results), sum(r["errors"] for r in results)))
        return rows
    finally:
        stop(proc)


def cross_node_latency(database_url, posts):
    node_a, base_a = serve(database_url)
    node_b, base_b = serve(database_url)
    sent, arrived, ready = {}, {}, threading.Event()
    try:
        b = urlparse(base_b)
        conn = http.client.HTTPConnection(b.hostname, b.port, timeout=30)
        conn.request("GET", "/api/v1/events?site=demo&page=/latency")
        stream = conn.getresponse()

        def read():
            event = None
            while True:
                line = stream.fp.readline()
                if not line:
                    return
                line = line.decode().rstrip("\n")
                if line.startswith("event:"):
                    event = line[6:].strip()
                elif line.startswith("data:") and event == "count" and not ready.is_set():
                    ready.set()
                elif line.startswith("data:") and event == "comment":
                    arrived[json.loads(line[5:])["id"]] = time.perf_counter()

        threading.Thread(target=read, daemon=True).start()
        ready.wait(10)
        for n in range(posts):
            start = time.perf_counter()
            created = post(base_a, "/api/v1/comments", {"site": "demo", "page": "/latency", "text": f"n{n}"})
            sent[created["id"]] = start
        deadline = time.time() + 10
        while len(arrived) < posts and time.time() < deadline:
            time.sleep(0.05)
        latencies = sorted((arrived[i] - sent[i]) * 1000 for i in sent if i in arrived)
        return latencies, posts - len(latencies)
    finally:
        stop(node_a)
        stop(node_b)


def main():
    subprocess.run([os.path.join(ROOT, "scripts", "setup"), "--bench"], check=True)
    subprocess.run(["cargo", "build", "--release", "--locked", "--bin", "parlons"], cwd=ROOT, check=True,
                   stderr=subprocess.DEVNULL)
    runs, duration = 3, 8
    tmp = tempfile.mkdtemp(prefix="parlons-nodes-")
    rows = throughput("SQLite", f"sqlite://{tmp}/bench.db", runs, duration)
    rows += throughput("PostgreSQL", new_pg_database("bench_throughput"), runs, duration)
    print(f"\nThroughput: wrk -t2 -c64 -d{duration}s on CPU 1, {runs} runs each, medians (servers share both CPUs)")
    print(f"  {'backend':11} {'scenario':18} {'req/s':>9} {'p99 ms':>8}  non-2xx")
    for label, scenario, rps, p99, bad in rows:
        print(f"  {label:11} {scenario:18} {rps:9,.0f} {p99:8.2f}  {bad:7}")
    latencies, missing = cross_node_latency(new_pg_database("bench_nodes"), 1000)
    print("\nCross-node delivery: 1,000 posts on node A, one SSE reader on node B (PostgreSQL NOTIFY)")
    if latencies:
        p50 = statistics.median(latencies)
        p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
        print(f"  delivered {len(latencies)}, missing {missing}; p50 {p50:.2f} ms, p99 {p99:.2f} ms, max {latencies[-1]:.2f} ms")
    else:
        print(f"  nothing delivered ({missing} missing)")


if __name__ == "__main__":
    sys.exit(main())
