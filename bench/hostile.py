#!/usr/bin/env python3
"""Hostile clients: every resource attack of issue 19, against a release build with default
settings, while a probe times `/healthz`.

  bench/hostile.py [--seconds 20] [--rounds 3] [--idle 60] [--no-build] [--only ATTACK...]

A release `parlons serve` (default settings: only its address, database and widget folder
are given) on CPU 0; the attackers, threads of one process on CPU 1, each from its own
loopback addresses (127.0.x.y, so per-address limits do not stop them), run together:

- markdown: previews of the worst texts (10,000 `>`, nested lists, `&`, `<a>`);
- streams: live streams opened and dropped on random page keys;
- views: threads read with every sort and limit, on random pages;
- replies: `newest` with limit 1 on a page whose one conversation has 1,000 replies;
- sign-in: 50 wrong sign-ins at once, under spaced and capitalised names;
- origins: requests with random unknown `Origin`s.

Each round times `/healthz` 10 s quiet, then under attack; the machine is shared, so the
ratio is of the medians of the rounds' p99s. Prints those, what the attackers got (by
status), the server's memory (at start; once it has answered one request of each kind, the
reference; after the last attack; after `--idle` seconds) and the gauges of `/metrics` (live
channels, cache bytes). Budget: p99 under attack at most 3 times the quiet one and under
50 ms; memory at most +64 MiB after the attack, and back within 10% of the reference after a
minute idle. The probe runs real-time: it stands for a monitor on another machine.
"""
import argparse, http.client, json, multiprocessing, os, random, statistics, string, threading, time, urllib.parse
from collections import Counter, defaultdict

import lib

WORST = [">" * 9_998, "".join(f"{'  ' * n}- x\n" for n in range(400))[:10_000], "&" * 10_000,
         "<a>" * 3_333, "*a" * 5_000, "[" * 10_000]


ATTACKS = ["markdown", "streams", "views", "replies", "sign_in", "origins"]


def addresses(prefix):
    """Loopback addresses 127.<prefix>.x.y, one after another."""
    n = 0
    while True:
        n += 1
        yield f"127.{prefix}.{(n // 250) % 250}.{n % 250 + 1}"


class Attack:
    def __init__(self, url, until):
        self.target = urllib.parse.urlparse(url)
        self.url, self.until = url, until
        self.statuses = defaultdict(Counter)

    def request(self, name, source, method, path, body=None, headers=None, stream=False):
        conn = http.client.HTTPConnection(self.target.hostname, self.target.port, timeout=10,
                                          source_address=(source, 0))
        try:
            conn.request(method, path, body, headers or {})
            response = conn.getresponse()
            if stream:
                response.fp.readline()  # the stream is open: drop it
            else:
                response.read()
            self.statuses[name][response.status] += 1
        except OSError as error:
            self.statuses[name][type(error).__name__] += 1
        finally:
            conn.close()

    def running(self):
        return time.monotonic() < self.until

    def markdown(self):
        sources, n = addresses(1), 0
        while self.running():
            n += 1
            body = json.dumps({"text": WORST[n % len(WORST)]})
            self.request("markdown", next(sources), "POST", "/api/v1/preview", body,
                         {"content-type": "application/json"})

    def streams(self):
        sources = addresses(2)
        while self.running():
            page = "/" + "".join(random.choices(string.ascii_lowercase, k=12))
            self.request("streams", next(sources), "GET", f"/api/v1/events?site=demo&page={page}",
                         stream=True)

    def views(self):
        sources = addresses(3)
        while self.running():
            sort = random.choice(["oldest", "newest", "top"])
            page = random.choice(["/long", "/" + "".join(random.choices(string.ascii_lowercase, k=12))])
            limit = random.randint(1, 100)
            self.request("views", next(sources), "GET",
                         f"/api/v1/threads?site=demo&page={page}&sort={sort}&limit={limit}")

    def replies(self):
        sources = addresses(4)
        while self.running():
            self.request("replies", next(sources), "GET", "/api/v1/threads?site=demo&page=/long&sort=newest&limit=1")

    def sign_in(self):
        sources = addresses(5)
        names = [" admin", "admin ", "\tadmin", "ADMIN", "Admin "]

        def one():
            while self.running():
                body = urllib.parse.urlencode({"name": random.choice(names), "password": "guess"})
                self.request("sign-in", next(sources), "POST", "/admin/sign-in", body,
                             {"content-type": "application/x-www-form-urlencoded", "origin": self.url})
        workers = [threading.Thread(target=one) for _ in range(50)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()

    def origins(self):
        sources = addresses(6)
        while self.running():
            origin = "https://" + "".join(random.choices(string.ascii_lowercase, k=10)) + ".example"
            self.request("origins", next(sources), "GET", "/api/v1/counts?site=demo&page=/",
                         headers={"origin": origin})


def warm_up(url):
    """One request of each kind, from one address, so that the reference memory is that of
    a server that has answered each once (the code it runs is then paged in), not of a
    process that never ran it."""
    attack = Attack(url, 0)
    source = "127.0.0.8"
    attack.request("warm-up", source, "POST", "/api/v1/preview", json.dumps({"text": "*a*"}),
                   {"content-type": "application/json"})
    attack.request("warm-up", source, "GET", "/api/v1/events?site=demo&page=/long", stream=True)
    for sort in ["oldest", "newest", "top"]:
        attack.request("warm-up", source, "GET", f"/api/v1/threads?site=demo&page=/long&sort={sort}&limit=3")
    attack.request("warm-up", source, "POST", "/admin/sign-in", urllib.parse.urlencode(
        {"name": "nobody", "password": "guess"}), {"content-type": "application/x-www-form-urlencoded",
                                                   "origin": url})
    attack.request("warm-up", source, "GET", "/api/v1/counts?site=demo&page=/",
                   headers={"origin": "https://warm.example"})


def probe(url, seconds, results):
    """`/healthz` every 20 ms for `seconds`, in a process of its own (the attackers' threads
    would otherwise hold Python's lock while it waits); its latencies go to `results`."""
    # The probe stands for a monitor on another machine: the attackers' threads, on its CPU
    # here, must not delay it (only the server's answer is timed).
    try:
        os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(10))
    except PermissionError:
        print("bench: the probe runs at normal priority (real-time needs root): the attackers may slow it")
    target = urllib.parse.urlparse(url)
    conn = http.client.HTTPConnection(target.hostname, target.port, timeout=10, source_address=("127.0.0.9", 0))
    latencies, until = [], time.monotonic() + seconds
    while time.monotonic() < until:
        started = time.perf_counter()
        conn.request("GET", "/healthz")
        conn.getresponse().read()
        latencies.append((time.perf_counter() - started) * 1000)
        time.sleep(0.02)
    results.send(latencies)


def probed(url, seconds):
    """A probe process started now, and how to get its latencies when it is done."""
    receiving, sending = multiprocessing.Pipe(duplex=False)
    process = multiprocessing.Process(target=probe, args=(url, seconds, sending))
    process.start()

    def latencies():
        got = receiving.recv()
        process.join()
        return got
    return latencies


def cpu_seconds(pid):
    """The CPU time a process has used, user and system."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def gauges(url):
    text = lib.get_bytes(f"{url}/metrics").decode()
    wanted = ("parlons_live_channels", "parlons_cache_bytes")
    return {line.split(" ")[0]: float(line.split(" ")[1]) for line in text.splitlines()
            if line.startswith(wanted)}


def seed(server):
    """One conversation of 1,000 replies on page /long, imported (posting them would meet
    the default rate limit)."""
    start = time.time() - 86_400
    comments = [{"id": n + 1, "page": "/long", "parent": None if n == 0 else 1, "author": f"Lecteur {n}",
                 "website": None, "email_hash": None, "text": f"Réponse {n}", "html": f"<p>Réponse {n}</p>",
                 "status": "published", "edit_token_hash": "0" * 64,
                 "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(start + n)),
                 "edited_at": None, "deleted_at": None, "deleted_by": None, "import_key": None,
                 "notify_email": None} for n in range(1_001)]
    file = f"{server.tmp}/long.json"
    with open(file, "w") as f:
        json.dump({"format": "parlons-export", "version": 1, "site": "demo",
                   "exported_at": "2026-12-01T00:00:00Z", "comments": comments}, f)
    server.cli("import", "parlons", file, "--site", "demo")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--idle", type=float, default=60)
    parser.add_argument("--rounds", type=int, default=3, help="quiet then attack, this many times (medians)")
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--only", nargs="*", default=ATTACKS, choices=ATTACKS, help="some attacks alone")
    args = parser.parse_args()
    if not args.no_build:
        lib.build()
    # The attackers (and the probe) stay off the server's CPU.
    os.sched_setaffinity(0, {int(lib.LOAD_CPU)})
    server = lib.Parlons()
    # Default settings: drop what lib.Parlons turns off for the throughput benches.
    for name in [n for n in server.env if n.startswith("PARLONS_") and n not in
                 ("PARLONS_BIND", "PARLONS_DATABASE_URL", "PARLONS_WIDGET_DIR")]:
        del server.env[name]
    server.start()
    try:
        seed(server)
        cold = server.rss_mib()
        warm_up(server.url)
        before = server.rss_mib()
        rounds, statuses, peak = [], defaultdict(Counter), before
        for _ in range(args.rounds):
            quiet = probed(server.url, 10)()
            until = time.monotonic() + args.seconds
            attack = Attack(server.url, until)
            under = probed(server.url, args.seconds)
            threads = [threading.Thread(target=getattr(attack, name)) for name in args.only]
            for thread in threads:
                thread.start()
            cpu_before = cpu_seconds(server.proc.pid)
            while time.monotonic() < until:
                peak = max(peak, server.rss_mib())
                time.sleep(0.5)
            for thread in threads:
                thread.join()
            busy = (cpu_seconds(server.proc.pid) - cpu_before) / args.seconds
            rounds.append((quiet, under(), busy))
            for name, counts in attack.statuses.items():
                statuses[name].update(counts)
        after = server.rss_mib()
        during = gauges(server.url)
        time.sleep(args.idle)
        idle = server.rss_mib()
        rested = gauges(server.url)
    finally:
        server.stop()

    for n, (quiet, under, busy) in enumerate(rounds, 1):
        print(f"round {n}: /healthz quiet p50 {statistics.median(quiet):5.2f} ms p99 {percentile(quiet, 0.99):5.2f} ms;"
              f" under attack p50 {statistics.median(under):5.2f} ms p99 {percentile(under, 0.99):5.2f} ms"
              f" ({len(under)} probes; server CPU {busy * 100:.0f}% of its core)")
    quiet_p99 = statistics.median(percentile(quiet, 0.99) for quiet, _, _ in rounds)
    under_p99 = statistics.median(percentile(under, 0.99) for _, under, _ in rounds)
    print(f"median p99: quiet {quiet_p99:.2f} ms, under attack {under_p99:.2f} ms: "
          f"{under_p99 / quiet_p99:.2f}x (budget: at most 3x and under 50 ms)")
    for name, counts in sorted(statuses.items()):
        total = sum(counts.values())
        print(f"  {name:<9} {total:6} requests  " + "  ".join(f"{k}: {v}" for k, v in sorted(counts.items(), key=str)))
    print(f"memory: {cold:.1f} MiB at start, {before:.1f} once each request was answered once (the reference)")
    print(f"memory: {before:.1f} MiB before, peak {peak:.1f}, {after:.1f} after the attack "
          f"(+{after - before:.1f}; budget +64), {idle:.1f} after {args.idle:.0f} s idle "
          f"({(idle / before - 1) * 100:+.0f}% of the start; budget within 10%)")
    print("gauges after the attack:", json.dumps(during))
    print(f"gauges after {args.idle:.0f} s idle:", json.dumps(rested))


if __name__ == "__main__":
    main()
