#!/usr/bin/env python3
"""Large data: 1,000,000 comments over 10,000 pages, one of them a 10,000-comment thread.

  bench/large.py [--runs 3] [--duration 5]

Seeds a small database (the 100-comment thread of bench/suite.py) and a large one (the same
thread plus 1,000,000 comments: 10,000 on /big, the rest spread over 9,999 pages). The large
rows are copied in SQL from a comment the server itself stored, so they are exactly what it
writes. Then, on each, with a release `parlons` on CPU 0 and wrk on CPU 1:
- GET of the 100-comment thread at 64 connections, as served (first pages are cached until the
  page changes) and through the database (the same page asked by cursor, which is not cached);
- the first page of the 10,000-comment thread at 1 connection, cached and through the database.
"""
import argparse, json, sqlite3, sys, time

import lib

BIG = "/big"


def fill(database_file, total=1_000_000, big=10_000, pages=9_999):
    db = sqlite3.connect(database_file)
    template = db.execute("select max(comment_id) from comment").fetchone()[0]
    start = time.monotonic()
    db.execute(f"""
        with recursive n(i) as (select 1 union all select i + 1 from n where i < {total})
        insert into comment (site_id, page, parent_id, author, website, email_hash, body_source, body_html,
                             status, edit_token_hash, created_at)
        select site_id, case when i <= {big} then '{BIG}' else '/page-' || (i % {pages}) end, null, author,
               website, email_hash, body_source, body_html, status, edit_token_hash, created_at
        from n, comment where comment_id = {template}""")
    db.commit()
    db.execute("analyze")
    db.close()
    return time.monotonic() - start


def measure(parlons, args):
    base = parlons.url
    newest = lib.get_bytes(f"{base}/api/v1/threads?site=demo&page={BIG}&sort=newest&limit=1")
    beyond = json.loads(newest)["comments"][0]["id"] + 1 if b'"id"' in newest else 1
    thread = f"{base}/api/v1/threads?site=demo&page={lib.THREAD_PAGE}"
    big = f"{base}/api/v1/threads?site=demo&page={BIG}&sort=newest"
    scenarios = {
        "thread c64 cached": (thread, 64),
        "thread c64 database": (f"{thread}&sort=newest&after=999999999", 64),
        "10k thread c1 cached": (big, 1),
        "10k thread c1 database": (f"{big}&after={beyond}", 1),
    }
    results = {}
    for label, (url, connections) in scenarios.items():
        results[label] = lib.median_of([lib.wrk(url, connections, args.duration) for _ in range(args.runs)])
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=int, default=5)
    args = parser.parse_args()
    lib.build()
    results, sizes = {}, {}
    for name in ("small", "large"):
        parlons = lib.Parlons().start()
        try:
            lib.seed_parlons(parlons.url)
            if name == "large":
                lib.post(parlons.url, "/api/v1/comments", {"site": "demo", "page": BIG, "author": "Modèle",
                                                           "text": "Un commentaire **type**, copié un million de fois."})
                parlons.stop()
                seconds = fill(parlons.database_url.removeprefix("sqlite://"))
                print(f"  filled 1,000,000 comments in {seconds:.0f} s", file=sys.stderr)
                parlons.start()
            results[name] = measure(parlons, args)
            sizes[name] = sqlite3.connect(parlons.database_url.removeprefix("sqlite://")).execute(
                "select count(*) from comment").fetchone()[0]
        finally:
            parlons.stop()

    print(f"\nLarge data: wrk on CPU 1, parlons on CPU 0 (SQLite), {args.runs} runs of {args.duration} s, medians")
    print(f"  small database: {sizes['small']:,} comments; large: {sizes['large']:,}")
    print(f"  {'scenario':26} {'small req/s':>12} {'large req/s':>12} {'large/small':>11} {'small p99 ms':>13} "
          f"{'large p99 ms':>13}")
    for label in results["small"]:
        small, large = results["small"][label], results["large"][label]
        print(f"  {label:26} {small['rps']:12,.0f} {large['rps']:12,.0f} {large['rps'] / small['rps']:11.0%} {small['p99']:13.2f} "
              f"{large['p99']:13.2f}")
    cached = results["large"]["thread c64 cached"]["rps"] / results["small"]["thread c64 cached"]["rps"]
    first_page = results["large"]["10k thread c1 database"]["p99"]
    print(f"\nBudgets: thread GET on the large database {cached:.0%} of the small one "
          f"{'met' if cached >= 0.8 else 'NOT MET'} (>= 80%); first page of the 10,000-comment thread p99 "
          f"{first_page:.2f} ms through the database {'met' if first_page < 10 else 'NOT MET'} (< 10 ms)")


if __name__ == "__main__":
    sys.exit(main())
