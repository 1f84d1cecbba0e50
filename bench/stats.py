#!/usr/bin/env python3
"""The statistics read on a large site: 1,000,000 comments spread over the last 120 days on
1,000 pages, 20,000 held comments decided by a moderator, refusals on every day.

  bench/stats.py [--runs 21]

Seeds the rows in SQL from a comment the server itself stored (so they are what it writes),
then times GET /api/v1/moderation/stats?site=demo (a moderator's token; nothing cached) with
a release `parlons` on CPU 0, one request at a time, and prints the median and the slowest.
"""
import argparse, json, sqlite3, sys, time, urllib.request

import lib


def fill(database_file, total=1_000_000, decided=20_000, pages=1_000):
    db = sqlite3.connect(database_file)
    template = db.execute("select max(comment_id) from comment").fetchone()[0]
    start = time.monotonic()
    # Spread over 120 days back from now: the 90-day period reads three quarters of them.
    db.execute(f"""
        with recursive n(i) as (select 1 union all select i + 1 from n where i < {total})
        insert into comment (site_id, page, parent_id, author, website, email_hash, body_source, body_html,
                             status, edit_token_hash, created_at)
        select site_id, '/page-' || (i % {pages}), null, author, website, email_hash, body_source, body_html,
               case when i <= {decided} then 'published' else status end, edit_token_hash,
               strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-' || (i % (120 * 24 * 60)) || ' minutes')
        from n, comment where comment_id = {template}""")
    # The first `decided` of them were held, then approved an hour after posting.
    db.execute(f"""
        insert into audit_log (at, actor, action, site_id, comment_id, before, after)
        select strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+1 hour'), 'bench', 'approve', site_id, comment_id,
               '{{"status":"pending"}}', '{{"status":"published"}}'
        from comment where comment_id > {template} and comment_id <= {template} + {decided}""")
    db.execute("""
        with recursive d(i) as (select 0 union all select i + 1 from d where i < 119)
        insert into refusal_count (site_id, day, layer, count)
        select 'demo', date('now', '-' || i || ' days'), layer, 10 + i
        from d, (select 'trap' as layer union all select 'challenge' union all select 'duplicate')""")
    db.commit()
    db.execute("analyze")
    db.close()
    return time.monotonic() - start


def timed(url, token):
    request = urllib.request.Request(url, headers={"authorization": f"Bearer {token}"})
    start = time.perf_counter()
    with urllib.request.urlopen(request) as response:
        body = response.read()
    return time.perf_counter() - start, json.loads(body)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    lib.build()
    parlons = lib.Parlons().start()
    try:
        lib.post(parlons.url, "/api/v1/comments", {"site": "demo", "page": "/page-0", "author": "Modèle",
                                                   "text": "Un commentaire **type**, copié un million de fois."})
        parlons.stop()
        seconds = fill(parlons.database_url.removeprefix("sqlite://"))
        print(f"  filled 1,000,000 comments in {seconds:.0f} s", file=sys.stderr)
        lib.run([lib.BIN, "moderator", "add", "bench", "--all-sites", "--password-stdin"],
                env=parlons.env, input="correct horse battery\n", text=True, capture_output=True)
        token = parlons.cli("moderator", "token", "bench").strip().splitlines()[-1]
        parlons.start()
        url = f"{parlons.url}/api/v1/moderation/stats?site=demo"
        timings, stats = [], None
        for _ in range(args.runs):
            seconds, stats = timed(url, token)
            timings.append(seconds * 1000)
    finally:
        parlons.stop()
    timings.sort()
    comments = sum(day["comments"] for day in stats["days"])
    print(f"\nStatistics read, SQLite, release build on CPU 0, {args.runs} requests one at a time")
    print(f"  comments in the 90 days read: {comments:,}; held comments decided: {stats['queue']['decided']:,}")
    print(f"  median {lib.percentile(timings, 0.5):.0f} ms, slowest {timings[-1]:.0f} ms")


if __name__ == "__main__":
    main()
