"""Helpers shared by the benchmarks: building, starting a release `parlons`, seeding the same
data, load with wrk, medians, memory.

Every server under test runs pinned to CPU 0 and wrk to CPU 1 (`taskset`), the same way for
every server, so figures compare one core of serving against one core of load.
"""
import json, os, re, signal, statistics, subprocess, sys, tempfile, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "parlons")
SERVER_CPU, LOAD_CPU = "0", "1"


def run(cmd, **kw):
    return subprocess.run(cmd, cwd=ROOT, check=True, **kw)


def build():
    """scripts/build-widget and a release server, quietly; a failed build stops the bench
    with its errors (a stale binary must never be measured)."""
    for cmd in (["scripts/build-widget"], ["cargo", "build", "--release", "--locked", "--bin", "parlons"]):
        done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
        if done.returncode != 0:
            sys.stderr.write(done.stdout[-2000:] + done.stderr[-6000:])
            raise SystemExit(f"bench: `{' '.join(cmd)}` failed")


def raise_fd_limit():
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


class Parlons:
    """A release `parlons serve` on its own SQLite file (or `database_url`), limits off."""

    def __init__(self, database_url=None, env=None):
        self.tmp = tempfile.mkdtemp(prefix="parlons-bench-")
        self.database_url = database_url or f"sqlite://{self.tmp}/bench.db"
        inherited = {name: value for name, value in os.environ.items() if name != "PARLONS_BIN"}
        self.env = {**inherited, "PARLONS_BIND": "127.0.0.1:0", "PARLONS_DATABASE_URL": self.database_url,
                    "PARLONS_POSTS_PER_MINUTE": "0", "PARLONS_READS_PER_SECOND": "0", "RUST_LOG": "warn",
                    "PARLONS_MAX_STREAMS_PER_ADDRESS": "0", "PARLONS_MAX_STREAMS": "0",
                    "PARLONS_DUPLICATE_WINDOW_MINUTES": "0", "PARLONS_MIN_POST_SECONDS": "0",
                    "PARLONS_WIDGET_DIR": os.path.join(ROOT, "dist"), **(env or {})}
        self.proc = None

    def start(self, bind=None, cpu=SERVER_CPU):
        env = dict(self.env)
        if bind:
            env["PARLONS_BIND"] = bind
        self.proc = subprocess.Popen(["taskset", "-c", cpu, BIN, "serve"], env=env,
                                     stdout=subprocess.PIPE, text=True, preexec_fn=raise_fd_limit)
        line = self.proc.stdout.readline()
        self.url = re.search(r"listening on (\S+)", line).group(1)
        return self

    def cli(self, *args):
        return run([BIN, *args], env=self.env, capture_output=True, text=True).stdout

    def stop(self, sig=signal.SIGTERM):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(sig)
            self.proc.wait(timeout=30)

    def rss_mib(self):
        return rss_mib(self.proc.pid)


def rss_mib(pid):
    status = open(f"/proc/{pid}/status").read()
    return int(status.split("VmRSS:")[1].split()[0]) / 1024


def post_bytes(base, path, body, headers=None):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"content-type": "application/json", "origin": base, **(headers or {})})
    with urllib.request.urlopen(req) as resp:
        return resp.read()


def post(base, path, body, headers=None):
    return json.loads(post_bytes(base, path, body, headers))


def get_bytes(url):
    with urllib.request.urlopen(url) as resp:
        return resp.read()


# The same data for every server: one thread of 100 comments (a reply every third) and 50
# article pages, 40 of which have a comment.
THREAD_PAGE = "/bench"
COUNT_PAGES = [f"/article-{p}" for p in range(50)]


def thread_comments():
    """(author, text, index of the parent or None) for the 100-comment thread."""
    for n in range(100):
        text = (f"Commentaire numéro {n} avec un peu de **Markdown**, un [lien](https://example.org/{n}) "
                "et du texte ") * 2
        yield f"Lecteur {n}", text, (n - 1 if n % 3 else None)


def seed_parlons(base):
    ids = []
    for author, text, parent in thread_comments():
        c = post(base, "/api/v1/comments", {"site": "demo", "page": THREAD_PAGE, "author": author,
                                              "text": text, "parent": ids[parent] if parent is not None else None})
        ids.append(c["id"])
    for page in COUNT_PAGES[:40]:
        post(base, "/api/v1/comments", {"site": "demo", "page": page, "text": "un avis"})


def lua_script(directory, name, method, body=None, path=None, counter_body=None):
    """A wrk script: a fixed body, or (`counter_body`, with `%d`) a new body per request."""
    file = os.path.join(directory, name)
    with open(file, "w") as f:
        f.write(f'wrk.method = "{method}"\nwrk.headers["Content-Type"] = "application/json"\n')
        if body is not None:
            f.write(f"wrk.body = {json.dumps(body, ensure_ascii=False)}\n")
        if counter_body is not None:
            f.write("local n = 0\nrequest = function()\n  n = n + 1\n"
                    f"  return wrk.format(nil, {json.dumps(path)}, nil, string.format({json.dumps(counter_body, ensure_ascii=False)}, n))\nend\n")
    return file


def wrk(url, connections, duration, lua=None, headers=()):
    threads = min(connections, 2)
    # A long timeout, so a slow server's answers count as slow answers rather than errors.
    cmd = ["taskset", "-c", LOAD_CPU, "wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency",
           "--timeout", "30s"]
    for header in headers:
        cmd += ["-H", header]
    if lua:
        cmd += ["-s", lua]
    done = subprocess.run(cmd + [url], capture_output=True, text=True, check=True)
    if done.stderr.strip():
        raise RuntimeError(f"wrk: {done.stderr.strip()}")
    out = done.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = parse_latency(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = parse_latency(re.search(r"\s99%\s+(\S+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(non2xx.group(1)) if non2xx else 0) + (sum(map(int, socket.groups())) if socket else 0)
    return {"rps": rps, "p50": p50, "p99": p99, "errors": errors}


def parse_latency(text):
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def median_of(runs):
    """Medians of several wrk results; errors are summed."""
    return {"rps": statistics.median(r["rps"] for r in runs), "p50": statistics.median(r["p50"] for r in runs),
            "p99": statistics.median(r["p99"] for r in runs), "errors": sum(r["errors"] for r in runs),
            "runs": [round(r["rps"]) for r in runs]}


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]
