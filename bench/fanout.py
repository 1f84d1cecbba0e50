#!/usr/bin/env python3
"""Live fan-out across two nodes on one PostgreSQL: readers of one page, comments posted on
node A, each delivered to every reader (half of them on node B).

  scripts/with-postgres bench/fanout.py [--readers 20000] [--comments 10]

Two release `parlons` nodes share CPU 0 and the database; the readers are the compiled client
of bench/client (one process per 10,000 readers, each spread over both nodes) on CPU 1, so the
figures are the servers', not a Python loop's. These machines allow 20,000 open files per
process: each node holds half the readers and each client 10,000, so 20,000 readers fit.
Memory: each node's RSS before the readers and with them connected and idle, per reader.
Then --comments comments, one every --every seconds (1), each with the time it was sent in its text: each
reader records when it reads it. Prints p50, p99 and worst delivery time, and the budgets
(p99 < 250 ms, at most 12 KiB per idle reader).
"""
import argparse, json, os, socket, statistics, subprocess, sys, time

import lib

PAGE = "/en-direct"
PER_CLIENT = 10_000
CLIENT = os.path.join(lib.ROOT, "target", "release", "parlons-bench-client")


def database():
    """A database of its own on the cluster of scripts/with-postgres."""
    server = os.environ.get("TEST_DATABASE_URL", "")
    if not server.startswith("postgres"):
        sys.exit("run under scripts/with-postgres")
    name = f"parlons_fanout_{os.getpid()}"
    subprocess.run(["psql", server, "-qc", f"create database {name}"], check=True)
    return server.rsplit("/", 1)[0] + "/" + name


def clients(urls, readers, comments):
    """Starts the readers' processes; returns them once every reader has its stream."""
    started = []
    for first in range(0, readers, PER_CLIENT):
        count = min(PER_CLIENT, readers - first)
        proc = subprocess.Popen(["taskset", "-c", lib.LOAD_CPU, CLIENT, "--readers", str(count),
                                 "--comments", str(comments), "--page", PAGE, *urls],
                                stdout=subprocess.PIPE, text=True, preexec_fn=lib.raise_fd_limit)
        if proc.stdout.readline().strip() != "ready":
            sys.exit("a client did not get its streams")
        started.append(proc)
    return started


def cpu_seconds(pid):
    """A process's CPU time so far: (user, kernel) in seconds."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / tick, int(fields[12]) / tick


def write_floor(sockets=5_000, rounds=5):
    """What the kernel alone takes to write one event to a loopback TCP socket on the servers'
    CPU: microseconds per write, the median of `rounds` passes over `sockets` connections
    (plain sends of 300 bytes, no HTTP, no runtime). No server can deliver below it."""
    lib.raise_fd_limit()
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {int(lib.SERVER_CPU)})
    listener = socket.create_server(("127.0.0.1", 0), backlog=1024)
    pairs, passes = [], []
    try:
        for _ in range(sockets):
            reader = socket.create_connection(listener.getsockname())
            writer, _ = listener.accept()
            writer.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            pairs.append((writer, reader))
        event = b"x" * 300
        for _ in range(rounds):
            started = time.perf_counter()
            for writer, _ in pairs:
                writer.send(event)
            passes.append((time.perf_counter() - started) / sockets * 1e6)
            for _, reader in pairs:
                reader.recv(4096)
    finally:
        for writer, reader in pairs:
            writer.close()
            reader.close()
        listener.close()
        os.sched_setaffinity(0, before)
    return statistics.median(passes)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--readers", type=int, default=20_000)
    parser.add_argument("--comments", type=int, default=10)
    parser.add_argument("--every", type=float, default=1.0, help="seconds between two comments")
    args = parser.parse_args()
    lib.build()
    lib.run(["cargo", "build", "--release", "--locked", "-q", "-p", "parlons-bench-client"])
    floor = write_floor()
    url = database()
    a = lib.Parlons(url, {"PARLONS_DEMO": "true"}).start()
    b = lib.Parlons(url, {"PARLONS_DEMO": "true"}).start()
    nodes = (a, b)
    try:
        time.sleep(1)
        idle = [node.rss_mib() for node in nodes]
        readers = clients([a.url, b.url], args.readers, args.comments)
        time.sleep(2)
        connected = [node.rss_mib() for node in nodes]
        cpu_before = [cpu_seconds(node.proc.pid) for node in nodes]
        for _ in range(args.comments):
            lib.post(a.url, "/api/v1/comments", {"site": "demo", "page": PAGE, "text": f"t={time.time_ns()}"})
            time.sleep(args.every)
        results = [json.loads(proc.stdout.readline()) for proc in readers]
        cpu_after = [cpu_seconds(node.proc.pid) for node in nodes]
    finally:
        for node in nodes:
            node.stop()
    expected = sum(r["expected"] for r in results)
    delivered = sum(r["delivered"] for r in results)
    p50 = max(r["p50_ms"] for r in results)
    p99 = max(r["p99_ms"] for r in results)
    worst = max(r["max_ms"] for r in results)
    per_reader = (sum(connected) - sum(idle)) * 1024 / args.readers
    print(f"\nLive fan-out: {args.readers:,} SSE readers of one page on two nodes (one PostgreSQL), "
          f"{args.comments} comments posted on node A, one every {args.every:g} s")
    print(f"  memory: nodes idle {idle[0]:.1f} + {idle[1]:.1f} MiB, with the readers "
          f"{connected[0]:.1f} + {connected[1]:.1f} MiB: {per_reader:.1f} KiB per idle reader")
    print(f"  delivered {delivered:,} of {expected:,}; p50 {p50:.1f} ms, p99 {p99:.1f} ms, worst {worst:.1f} ms "
          f"(the slower client's figure)")
    # Both nodes' CPU over the comments (and the keep-alives meanwhile), per delivery.
    user = sum(after[0] - before[0] for before, after in zip(cpu_before, cpu_after))
    kernel = sum(after[1] - before[1] for before, after in zip(cpu_before, cpu_after))
    per_delivery = (user + kernel) / max(delivered, 1) * 1e6
    print(f"  servers' CPU: {per_delivery:.1f} us per delivery ({kernel / max(user + kernel, 1e-9):.0%} in the kernel); "
          f"the kernel alone takes {floor:.1f} us per loopback write on this CPU, so {args.readers:,} "
          f"deliveries need at least {args.readers * floor / 1000:.0f} ms of one core")
    for n, name in enumerate("AB"):
        node = [r["nodes"][n] for r in results]
        print(f"  node {name}: first {min(x['first_ms'] for x in node):.1f} ms, p50 {max(x['p50_ms'] for x in node):.1f} ms, p99 {max(x['p99_ms'] for x in node):.1f} ms")
    print(f"\nBudgets: every delivery {'met' if delivered == expected else 'NOT MET'}; p99 {p99:.0f} ms "
          f"{'met' if p99 < 250 else 'NOT MET'} (< 250 ms); {per_reader:.1f} KiB per idle reader "
          f"{'met' if per_reader <= 12 else 'NOT MET'} (<= 12 KiB)")


if __name__ == "__main__":
    sys.exit(main())
