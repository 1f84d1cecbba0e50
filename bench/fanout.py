#!/usr/bin/env python3
"""Live fan-out: 10,000 readers of one page on one node, each with its own SSE stream.

  bench/fanout.py [--subscribers 10000] [--posts 5]

A release `parlons` on CPU 0; the readers, one asyncio process on CPU 1, open their streams and
wait idle; the server's memory before and after gives the cost of an idle subscriber. Then a
comment is posted --posts times: each reader records when the `comment` event reaches it, from
the moment the POST was sent. Prints how many readers got each comment and the p50, p99 and
worst delivery time (the readers are one Python process, so the figures include the time it
takes to read 10,000 sockets in turn: an upper bound of the server's own time).
"""
import argparse, asyncio, json, os, statistics, sys, time

import lib

PAGE = "/en-direct"


class Reader:
    def __init__(self):
        self.got = {}  # comment id -> monotonic time of arrival
        self.ready = asyncio.Event()

    async def run(self, host, port):
        reader, writer = await asyncio.open_connection(host, port)
        writer.write(f"GET /api/v1/events?site=demo&page={PAGE} HTTP/1.1\r\nHost: {host}\r\n"
                     "Accept: text/event-stream\r\n\r\n".encode())
        await writer.drain()
        event = None
        while line := await reader.readline():
            line = line.decode().rstrip("\r\n")
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: ") and event == "count":
                self.ready.set()
            elif line.startswith("data: ") and event == "comment":
                self.got[json.loads(line[6:])["id"]] = time.monotonic()


async def connect_all(host, port, count):
    readers = [Reader() for _ in range(count)]
    tasks = []
    for start in range(0, count, 500):
        batch = readers[start:start + 500]
        tasks += [asyncio.create_task(r.run(host, port)) for r in batch]
        await asyncio.wait_for(asyncio.gather(*(r.ready.wait() for r in batch)), 60)
    return readers, tasks


async def post(base):
    loop = asyncio.get_running_loop()
    sent = time.monotonic()
    created = await loop.run_in_executor(None, lambda: lib.post(base, "/api/v1/comments",
                                                               {"site": "demo", "page": PAGE, "text": "Dernière minute"}))
    return created["id"], sent


async def measure(parlons, count, posts):
    base = parlons.url
    host, port = base.removeprefix("http://").split(":")
    readers, tasks = await connect_all(host, int(port), count)
    await asyncio.sleep(2)
    idle_with_readers = parlons.rss_mib()
    rounds = []
    for _ in range(posts):
        id, sent = await post(base)
        deadline = time.monotonic() + 10
        while sum(id in r.got for r in readers) < count and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        delays = [(r.got[id] - sent) * 1000 for r in readers if id in r.got]
        rounds.append((len(delays), statistics.median(delays), lib.percentile(delays, 0.99), max(delays)))
        await asyncio.sleep(1)
    for task in tasks:
        task.cancel()
    return idle_with_readers, rounds


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--posts", type=int, default=5)
    args = parser.parse_args()
    lib.raise_fd_limit()
    os.sched_setaffinity(0, {int(lib.LOAD_CPU)})
    parlons = lib.Parlons().start()
    try:
        time.sleep(1)
        idle = parlons.rss_mib()
        connected, rounds = asyncio.run(measure(parlons, args.subscribers, args.posts))
        peak = parlons.rss_mib()
    finally:
        parlons.stop()
    per_subscriber = (connected - idle) * 1024 / args.subscribers
    print(f"\nLive fan-out: {args.subscribers:,} SSE readers of one page, one node (server CPU 0, readers CPU 1)")
    print(f"  memory: idle {idle:.1f} MiB, with the readers idle {connected:.1f} MiB ({per_subscriber:.1f} KiB per "
          f"reader), after the posts {peak:.1f} MiB")
    print(f"  {'post':>4} {'reached':>9} {'p50 ms':>8} {'p99 ms':>8} {'worst ms':>9}")
    for n, (reached, p50, p99, worst) in enumerate(rounds, 1):
        print(f"  {n:4} {reached:9,} {p50:8.1f} {p99:8.1f} {worst:9.1f}")
    p99 = statistics.median(r[2] for r in rounds)
    every = all(r[0] == args.subscribers for r in rounds)
    print(f"\nBudgets: every reader reached {'met' if every else 'NOT MET'}; median p99 {p99:.0f} ms "
          f"{'met' if p99 < 1000 else 'NOT MET'} (< 1 s); {per_subscriber:.1f} KiB per idle reader "
          f"{'met' if per_subscriber < 16 else 'NOT MET'} (< 16 KiB)")


if __name__ == "__main__":
    sys.exit(main())
