#!/usr/bin/env python3
"""Flood: one address posts 100 times its limit while other addresses read.

  bench/flood.py [--seconds 10] [--readers 8] [--runs 3]

A release `parlons` on CPU 0 with the default post limit (5 a minute, 3 at once) and reads
unlimited; the load, one process on CPU 1. Readers, each from its own loopback address
(127.0.0.10 and up), read the demo thread in a loop: first alone (the quiet baseline), then
while one address (127.0.0.2) sends 500 posts, 100 times its limit, as fast as it can. Prints
the flood's answers by status, and the readers' p50 and p99 quiet and under the flood, for each
run and their medians. Budget: the flood gets 429s, the readers' p99 under the flood stays
within twice the quiet one, and no answer at all is a 5xx.
"""
import argparse, http.client, json, os, statistics, threading, time
from collections import Counter
from urllib.parse import urlparse

import lib

FLOOD_POSTS = 500  # 100 times the limit of 5 a minute


def reader(target, address, until, latencies, statuses):
    conn = http.client.HTTPConnection(target.hostname, target.port, source_address=(address, 0))
    while time.monotonic() < until:
        started = time.perf_counter()
        conn.request("GET", "/api/v1/threads?site=demo&page=/")
        response = conn.getresponse()
        response.read()
        latencies.append((time.perf_counter() - started) * 1000)
        statuses[response.status] += 1


def flooder(target, url, statuses):
    conn = http.client.HTTPConnection(target.hostname, target.port, source_address=("127.0.0.2", 0))
    for n in range(FLOOD_POSTS):
        body = json.dumps({"site": "demo", "page": "/", "text": f"flood {n}"})
        conn.request("POST", "/api/v1/comments", body, {"content-type": "application/json", "origin": url})
        response = conn.getresponse()
        response.read()
        statuses[response.status] += 1


def read_for(target, readers, seconds, flood_url=None):
    latencies, statuses, flood = [], Counter(), Counter()
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=reader, args=(target, f"127.0.0.{10 + i}", until, latencies, statuses))
               for i in range(readers)]
    if flood_url:
        threads.append(threading.Thread(target=flooder, args=(target, flood_url, flood)))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]  # noqa: E731
    return {"p50": p(0.50), "p99": p(0.99), "reads": len(latencies), "statuses": statuses, "flood": flood}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    lib.build()
    os.sched_setaffinity(0, {int(lib.LOAD_CPU)})
    rows = []
    for run in range(args.runs):
        parlons = lib.Parlons(env={"PARLONS_POSTS_PER_MINUTE": "5", "PARLONS_POSTS_BURST": "3"}).start()
        try:
            target = urlparse(parlons.url)
            for n in range(20):  # a thread worth reading, posted from addresses of their own
                conn = http.client.HTTPConnection(target.hostname, target.port, source_address=(f"127.0.1.{n + 1}", 0))
                conn.request("POST", "/api/v1/comments", json.dumps({"site": "demo", "page": "/", "text": f"avis {n}"}),
                             {"content-type": "application/json", "origin": parlons.url})
                conn.getresponse().read()
            quiet = read_for(target, args.readers, args.seconds)
            flooded = read_for(target, args.readers, args.seconds, parlons.url)
        finally:
            parlons.stop()
        rows.append((quiet, flooded))
        flood = flooded["flood"]
        errors = sum(n for status, n in (quiet["statuses"] + flooded["statuses"] + flood).items() if status >= 500)
        print(f"run {run + 1}: flood answers {dict(sorted(flood.items()))}; readers quiet p50 {quiet['p50']:.2f} ms "
              f"p99 {quiet['p99']:.2f} ms ({quiet['reads']} reads), under the flood p50 {flooded['p50']:.2f} ms "
              f"p99 {flooded['p99']:.2f} ms ({flooded['reads']} reads); 5xx: {errors}")
    quiet_p99 = statistics.median(q["p99"] for q, _ in rows)
    flood_p99 = statistics.median(f["p99"] for _, f in rows)
    refused = statistics.median(f["flood"].get(429, 0) for _, f in rows)
    errors = sum(n for q, f in rows for status, n in (q["statuses"] + f["statuses"] + f["flood"]).items() if status >= 500)
    ratio = flood_p99 / quiet_p99
    print(f"\nMedians of {args.runs} runs: readers' p99 quiet {quiet_p99:.2f} ms, under the flood {flood_p99:.2f} ms "
          f"({ratio:.2f}x); the flood got {refused:.0f} of {FLOOD_POSTS} posts refused with 429; 5xx: {errors}")
    verdict = "met" if refused > 0 and ratio <= 2 and errors == 0 else "NOT MET"
    print(f"Budget (429s, p99 within 2x, no 5xx): {verdict}")


if __name__ == "__main__":
    main()
