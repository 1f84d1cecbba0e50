#!/usr/bin/env python3
"""Benchmark of the core slice; prints tables of figures (no pass/fail: budgets are judged by
people reading the figures, since these shared 2-core machines are noisy).

  bench/core.py                 sizes + load (release build, wrk on loopback)
  bench/core.py --clean-builds  also times clean builds of the widget and the server

Load: a release `parlons` on a fresh SQLite file, rate limits off, a 100-comment thread and
50 pages with comments; wrk with 64 connections (2 threads) for each scenario, several runs,
median requests/s and median p99.
"""
import argparse, gzip, json, os, re, shutil, signal, statistics, subprocess, sys, tempfile, time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "parlons")


def run(cmd, **kw):
    return subprocess.run(cmd, cwd=ROOT, check=True, **kw)


def timed(cmd, env=None):
    start = time.monotonic()
    run(cmd, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.monotonic() - start


def sizes():
    rows = []
    for name in ["embed.js", "parlons-widget.js", "parlons-widget_bg.wasm"]:
        data = open(os.path.join(ROOT, "dist", name), "rb").read()
        br = subprocess.run(["brotli", "-c", "-q", "11"], input=data, capture_output=True).stdout
        rows.append((name, len(data), len(gzip.compress(data, 9)), len(br)))
    total = tuple(sum(r[i] for r in rows) for i in (1, 2, 3))
    rows.append(("total", *total))
    return rows


def served_size(base, name, encoding):
    req = urllib.request.Request(f"{base}/{name}", headers={"Accept-Encoding": encoding})
    with urllib.request.urlopen(req) as resp:
        return len(resp.read()), resp.headers.get("Content-Encoding", "identity")


def start_server(tmp):
    env = {**os.environ, "PARLONS_BIND": "127.0.0.1:0", "PARLONS_DATABASE_URL": f"sqlite://{tmp}/bench.db",
           "PARLONS_POSTS_PER_MINUTE": "0", "PARLONS_READS_PER_SECOND": "0", "RUST_LOG": "warn",
           "PARLONS_WIDGET_DIR": os.path.join(ROOT, "dist")}
    proc = subprocess.Popen([BIN, "serve"], env=env, stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    url = re.search(r"listening on (\S+)", line).group(1)
    return proc, url


def post(base, path, body):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"content-type": "application/json", "origin": base})
    with urllib.request.urlopen(req) as resp:
        return json.load(resp)


def seed(base):
    parent = None
    for n in range(100):
        text = f"Commentaire numéro {n} avec un peu de **Markdown**, un [lien](https://example.org/{n}) et du texte " * 2
        c = post(base, "/api/v1/comments", {"site": "demo", "page": "/bench", "author": f"Lecteur {n}",
                                              "text": text, "parent": parent if n % 3 else None})
        parent = c["id"]
    pages = [f"/article-{p}" for p in range(50)]
    for p in pages[:40]:
        post(base, "/api/v1/comments", {"site": "demo", "page": p, "text": "un avis"})
    return pages


def wrk(url, duration, lua=None):
    cmd = ["wrk", "-t2", "-c64", f"-d{duration}s", "--latency"]
    if lua:
        cmd += ["-s", lua]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = parse_latency(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = parse_latency(re.search(r"\s99%\s+(\S+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return rps, p50, p99, int(non2xx.group(1)) if non2xx else 0, errors.group(1) if errors else "none"


def parse_latency(text):
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clean-builds", action="store_true")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=8)
    args = parser.parse_args()
    run(["scripts/setup", "--bench"])

    if args.clean_builds:
        with tempfile.TemporaryDirectory() as target:
            env = {"CARGO_TARGET_DIR": target}
            widget = timed(["scripts/build-widget", "--dist", os.path.join(target, "dist")], env)
            server = timed(["cargo", "build", "--release", "--locked", "--bin", "parlons"], env)
        print("\nClean builds (empty target directory, crates already fetched)")
        print(f"  widget (trunk build --release):            {widget:6.0f} s")
        print(f"  server (cargo build --release --bin parlons): {server:6.0f} s")

    run(["scripts/build-widget"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    run(["cargo", "build", "--release", "--locked", "--bin", "parlons"], stderr=subprocess.DEVNULL)

    print("\nTransfer sizes (bytes; gzip -9, brotli -q 11)")
    print(f"  {'file':26} {'raw':>9} {'gzip':>9} {'brotli':>9}")
    for name, raw, gz, br in sizes():
        print(f"  {name:26} {raw:9,} {gz:9,} {br:9,}")

    tmp = tempfile.mkdtemp(prefix="parlons-bench-")
    proc, base = start_server(tmp)
    try:
        print("\nAs served by parlons (its own compression level)")
        for name in ["embed.js", "parlons-widget.js", "parlons-widget_bg.wasm"]:
            gz, enc = served_size(base, name, "gzip")
            br, enc2 = served_size(base, name, "br")
            print(f"  {name:26} {enc} {gz:9,}   {enc2} {br:9,}")
        pages = seed(base)
        lua = os.path.join(tmp, "counts.lua")
        with open(lua, "w") as f:
            body = json.dumps({"site": "demo", "pages": pages})
            f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                    f"wrk.body = {json.dumps(body)}\n")
        thread = json.load(urllib.request.urlopen(f"{base}/api/v1/threads?site=demo&page=/bench"))
        assert len(thread["comments"]) == 100, len(thread["comments"])
        scenarios = [("GET thread (100 comments)", f"{base}/api/v1/threads?site=demo&page=/bench", None),
                     ("POST counts (50 pages)", f"{base}/api/v1/counts", lua)]
        print(f"\nLoad: wrk -t2 -c64 -d{args.duration}s, {args.runs} runs each, medians")
        print(f"  {'scenario':28} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8}  non-2xx  socket errors")
        for label, url, script in scenarios:
            results = [wrk(url, args.duration, script) for _ in range(args.runs)]
            rps = statistics.median(r[0] for r in results)
            p50 = statistics.median(r[1] for r in results)
            p99 = statistics.median(r[2] for r in results)
            bad = sum(r[3] for r in results)
            errs = "; ".join(sorted({r[4] for r in results}))
            runs = ", ".join(f"{r[0]:.0f}" for r in results)
            print(f"  {label:28} {rps:9,.0f} {p50:8.2f} {p99:8.2f}  {bad:7}  {errs}   (runs: {runs})")
        rss = int(open(f"/proc/{proc.pid}/status").read().split("VmRSS:")[1].split()[0])
        print(f"\nServer RSS after the load: {rss / 1024:.1f} MiB")
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
