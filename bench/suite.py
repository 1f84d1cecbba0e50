#!/usr/bin/env python3
"""Parlons side by side with Isso and nginx, in one run; prints a table and the budgets.

  bench/suite.py [--runs 3] [--duration 5] [--no-isso]

Builds the widget and a release server, then starts Parlons on a fresh SQLite file, Isso
(PyPI, in target/bench/isso-venv), and nginx serving the exact bytes of Parlons' answers
to the exact requests Parlons gets (the counts' 50-page body included), seeds the same data
in each, and loads each with wrk at 16 and 64 connections: GET of a
100-comment thread, POST of counts for 50 pages, POST of a new comment (rate limits off).
Servers run on CPU 0, wrk on CPU 1; Parlons and nginx run at once and take turns, run by
run. Figures are medians of --runs runs; ratios are Parlons' requests/s over the peer's,
measured in this same run.

Also: what a reader downloads (the files as served), and Parlons' memory idle and under load.
The other budgets have their own scripts: bench/fanout.py (10,000 live subscribers),
bench/large.py (1,000,000 comments), bench/nodes.py (SQLite against PostgreSQL, two nodes).
"""
import argparse, json, os, subprocess, sys, tempfile, time, urllib.request

import lib
from peers import Isso, Nginx

CONNECTIONS = (16, 64)


def served_sizes(base):
    rows = []
    # A reader also downloads one language file: count the largest.
    words = max(os.listdir(os.path.join(lib.ROOT, "dist", "i18n")),
                key=lambda name: os.path.getsize(os.path.join(lib.ROOT, "dist", "i18n", name)) if name.endswith(".br") else 0)
    for name in ["embed.js", "count.js", "parlons-widget.js", "parlons-widget_bg.wasm", f"i18n/{words.removesuffix('.br')}"]:
        sizes = {}
        for encoding in ("gzip", "br"):
            req = urllib.request.Request(f"{base}/{name}", headers={"Accept-Encoding": encoding})
            with urllib.request.urlopen(req) as resp:
                sizes[encoding] = len(resp.read())
        rows.append((name, os.path.getsize(os.path.join(lib.ROOT, "dist", name)), sizes["gzip"], sizes["br"]))
    return rows


def parlons_scenarios(base, tmp):
    counts = lib.lua_script(tmp, "counts.lua", "POST", body=json.dumps({"site": "demo", "pages": lib.COUNT_PAGES}))
    posts = lib.lua_script(tmp, "post.lua", "POST", path="/api/v1/comments",
                           counter_body='{"site": "demo", "page": "/bench", "author": "Bench", '
                                        '"text": "Un nouveau commentaire, le numéro %d."}')
    return {"thread": (f"{base}/api/v1/threads?site=demo&page={lib.THREAD_PAGE}", None),
            "counts": (f"{base}/api/v1/counts", counts),
            "post": (f"{base}/api/v1/comments", posts)}


def measure_alternating(servers, args, during=None):
    """Like `measure`, for servers running at once: run by run, each server in turn, so a
    change in the machine's speed during the benchmark weighs on all of them alike.
    `servers`: {name: (scenarios, headers)}."""
    results = {name: {} for name in servers}
    first = next(iter(servers.values()))[0]
    for scenario in first:
        if scenario not in args.only.split(","):
            continue
        for connections in CONNECTIONS:
            runs = {name: [] for name in servers}
            for _ in range(args.runs):
                for name, (scenarios, headers) in servers.items():
                    if scenario in scenarios:
                        url, lua = scenarios[scenario]
                        runs[name].append(lib.wrk(url, connections, args.duration, lua, headers))
            for name, measured in runs.items():
                if measured:
                    results[name][(scenario, connections)] = lib.median_of(measured)
                    print(f"  measured {name:8} {scenario:7} c{connections}: "
                          f"{results[name][(scenario, connections)]['rps']:,.0f} req/s", file=sys.stderr)
            if during:
                during(scenario, connections)
    return results


def measure(name, scenarios, args, headers=(), during=None, settle=None, duration=None):
    results = {}
    for scenario, (url, lua) in scenarios.items():
        if scenario not in args.only.split(","):
            continue
        for connections in CONNECTIONS:
            runs = []
            for _ in range(args.runs):
                if settle:
                    settle()
                runs.append(lib.wrk(url, connections, duration or args.duration, lua, headers))
            results[(scenario, connections)] = lib.median_of(runs)
            if during:
                during(scenario, connections)
            print(f"  measured {name:8} {scenario:7} c{connections}: {results[(scenario, connections)]['rps']:,.0f} req/s",
                  file=sys.stderr)
    return results


def print_table(all_results):
    labels = {"thread": "GET thread (100 comments)", "counts": "POST counts (50 pages)", "post": "POST a comment"}
    print(f"\n{'scenario':27} {'conns':>5} {'server':8} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}  runs")
    for scenario in labels:
        for connections in CONNECTIONS:
            for server, results in all_results.items():
                r = results.get((scenario, connections))
                if r:
                    runs = ", ".join(f"{x:,}" for x in r["runs"])
                    print(f"{labels[scenario]:27} {connections:5} {server:8} {r['rps']:10,.0f} {r['p50']:8.2f} "
                          f"{r['p99']:8.2f} {r['errors']:7}  {runs}")


def ratio(all_results, scenario, connections, peer):
    ours, theirs = all_results["parlons"].get((scenario, connections)), all_results.get(peer, {}).get((scenario, connections))
    return ours["rps"] / theirs["rps"] if ours and theirs and theirs["rps"] > 0 else None


def verdict(ok):
    return "met" if ok else "NOT MET"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5)
    parser.add_argument("--no-isso", action="store_true", help="skip Isso (it needs PyPI on first use)")
    parser.add_argument("--only", default="thread,counts,post",
                        help="comma-separated scenarios to run (while working on one; budgets need all)")
    args = parser.parse_args()
    lib.run(["scripts/setup", "--bench"], stdout=subprocess.DEVNULL)
    lib.build()
    tmp = tempfile.mkdtemp(prefix="parlons-suite-")
    all_results, memory = {}, {}

    parlons = lib.Parlons().start()
    nginx = Nginx()
    try:
        time.sleep(1)
        memory["idle"] = parlons.rss_mib()
        sizes = served_sizes(parlons.url)
        lib.seed_parlons(parlons.url)
        thread_bytes = lib.get_bytes(f"{parlons.url}/api/v1/threads?site=demo&page={lib.THREAD_PAGE}")
        assert len(json.loads(thread_bytes)["comments"]) == 100
        counts_bytes = lib.post_bytes(parlons.url, "/api/v1/counts", {"site": "demo", "pages": lib.COUNT_PAGES})
        nginx.start(thread_bytes, counts_bytes)

        def sample_memory(scenario, connections):
            memory[f"after {scenario} c{connections}"] = parlons.rss_mib()
        # nginx gets the same requests as Parlons (query, headers, the counts' 50-page body),
        # so it reads what Parlons reads and only the answering differs; no posts (static).
        same = parlons_scenarios(nginx.url, tmp)
        all_results.update(measure_alternating({
            "parlons": (parlons_scenarios(parlons.url, tmp), (f"Origin: {parlons.url}",)),
            "nginx": ({"thread": same["thread"], "counts": same["counts"]}, (f"Origin: {nginx.url}",)),
        }, args, during=sample_memory))
    finally:
        nginx.stop()
        parlons.stop()

    if not args.no_isso:
        isso = Isso().start()
        try:
            isso.seed()
            # Isso answers a 100-comment thread in seconds: a longer run gets enough answers.
            all_results["isso"] = measure("isso", isso.scenarios(tmp), args, settle=isso.settle,
                                          duration=max(args.duration, 15))
        finally:
            isso.stop()

    print(f"\nLoad: wrk on CPU 1, each server on CPU 0, {args.runs} runs of {args.duration} s "
          f"(Isso: {max(args.duration, 15)} s), medians")
    print_table(all_results)

    print("\nParlons as a ratio of the peer's requests/s (same run)")
    print(f"  {'scenario':10} {'conns':>5} {'vs Isso':>9} {'vs nginx':>9}")
    for scenario in ("thread", "counts", "post"):
        for connections in CONNECTIONS:
            isso_ratio, nginx_ratio = (ratio(all_results, scenario, connections, p) for p in ("isso", "nginx"))
            show = lambda x, fmt: fmt.format(x) if x else "-"  # noqa: E731
            print(f"  {scenario:10} {connections:5} {show(isso_ratio, '{:8.0f}x'):>9} {show(nginx_ratio, '{:8.0%}'):>9}")

    if set(args.only.split(",")) != {"thread", "counts", "post"}:
        return 0  # a partial run: the budgets need every scenario

    print("\nWhat a reader downloads, as served (bytes)")
    print(f"  {'file':26} {'raw':>9} {'gzip':>9} {'brotli':>9}")
    for name, raw, gz, br in sizes:
        print(f"  {name:26} {raw:9,} {gz:9,} {br:9,}")
    widget_br = sum(br for name, _, _, br in sizes if name != "count.js")
    embed_gz = next(gz for name, _, gz, _ in sizes if name == "embed.js")
    count_gz = next(gz for name, _, gz, _ in sizes if name == "count.js")

    print("\nParlons memory (RSS, MiB): " + ", ".join(f"{k} {v:.1f}" for k, v in memory.items()))

    p = all_results["parlons"]
    thread_ratio, counts_ratio = ratio(all_results, "thread", 64, "nginx"), ratio(all_results, "counts", 64, "nginx")
    counts_isso, post_isso = ratio(all_results, "counts", 64, "isso"), ratio(all_results, "post", 64, "isso")
    print("\nBudgets (issue 5)")
    print(f"  GET thread >= 60% of nginx, c64:        {thread_ratio:.0%}  {verdict(thread_ratio >= 0.6)}")
    print(f"  GET thread p99 < 5 ms at c64:           {p[('thread', 64)]['p99']:.2f} ms  {verdict(p[('thread', 64)]['p99'] < 5)}")
    print(f"  POST counts >= 50% of nginx, c64:       {counts_ratio:.0%}  {verdict(counts_ratio >= 0.5)}")
    if counts_isso:
        print(f"  POST counts >= 30x Isso, c64:           {counts_isso:.0f}x  {verdict(counts_isso >= 30)}")
        print(f"  POST a comment >= 30x Isso, c64:        {post_isso:.0f}x  {verdict(post_isso >= 30)}")
    print(f"  idle RSS < 30 MiB:                      {memory['idle']:.1f}  {verdict(memory['idle'] < 30)}")
    peak = max(v for k, v in memory.items() if k.startswith("after thread"))
    print(f"  RSS under the thread load < 100 MiB:    {peak:.1f}  {verdict(peak < 100)}")
    print(f"  embed.js < 2 KiB gzip:                  {embed_gz:,} B  {verdict(embed_gz < 2048)}")
    print(f"  count.js < 1 KiB gzip:                  {count_gz:,} B  {verdict(count_gz < 1024)}")
    print(f"  loader + glue + wasm + words < 80 KiB (br): {widget_br:,} B  {verdict(widget_br < 80 * 1024)}")


if __name__ == "__main__":
    sys.exit(main())
