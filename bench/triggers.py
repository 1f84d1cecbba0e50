#!/usr/bin/env python3
"""What the change log's triggers cost posts on SQLite: the same server, the same file, posts
with wrk (-c64, 5 s) with the comment triggers of migration 0016 and without them, in turn,
four rounds; prints each run and the medians side by side.

  python3 bench/triggers.py

Without the triggers no change is logged (nothing goes live): a measuring device only, on a
throw-away database.
"""
import json, os, sqlite3, statistics, sys, tempfile

import lib

TRIGGERS = ("change_log_comment_added", "change_log_comment_changed", "change_log_comment_voted")
ROUNDS = 4


def set_triggers(path, definitions, present):
    with sqlite3.connect(path) as db:
        for name, sql in definitions.items():
            db.execute(f"drop trigger if exists {name}")
            if present:
                db.execute(sql)


def main():
    lib.build()
    node = lib.Parlons()
    path = node.database_url.removeprefix("sqlite://")
    node.start()
    lib.post(node.url, "/api/v1/comments", {"site": "demo", "page": "/posts", "text": "Premier."})
    node.stop()
    with sqlite3.connect(path) as db:
        definitions = {name: db.execute("select sql from sqlite_master where name = ?", (name,)).fetchone()[0]
                       for name in TRIGGERS}
    script = os.path.join(tempfile.mkdtemp(), "post.lua")
    runs = {True: [], False: []}
    for _ in range(ROUNDS):
        for present in (True, False):
            set_triggers(path, definitions, present)
            node.start()
            body = json.dumps({"site": "demo", "page": "/posts", "text": "Un commentaire de plus, avec *un peu* de texte."})
            with open(script, "w") as f:
                f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                        f'wrk.headers["Origin"] = "{node.url}"\nwrk.body = {json.dumps(body)}\n')
            result = lib.wrk(f"{node.url}/api/v1/comments", 64, 5, script)
            node.stop()
            runs[present].append(result["rps"])
            print(f"  {'with' if present else 'without'} the triggers: {result['rps']:,.0f} posts/s, "
                  f"{result['errors']} errors", flush=True)
    set_triggers(path, definitions, True)
    with_, without = statistics.median(runs[True]), statistics.median(runs[False])
    print(f"\nSQLite posts/s, medians of {ROUNDS}: {with_:,.0f} with the change log's triggers, "
          f"{without:,.0f} without: the triggers cost {1 - with_ / without:.0%}")


if __name__ == "__main__":
    sys.exit(main())
