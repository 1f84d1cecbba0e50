"""The servers Parlons is measured against, in the same run, on the same data:

- Isso (PyPI `isso`, in a virtual environment under target/bench/ created on first use), run the
  way its documentation says (`isso -c isso.cfg run`), rate limits (its "guard") off;
- nginx (Debian) serving the exact bytes of Parlons' thread and count answers: the limit of an
  HTTP server on this machine.
"""
import json, os, shutil, signal, subprocess, sys, time, urllib.error, urllib.request

import lib

WORK = os.path.join(lib.ROOT, "target", "bench")
ISSO_VERSION = "0.14.0"


def wait_for(url, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer")


class Isso:
    def __init__(self, port=18081):
        self.venv = os.path.join(WORK, "isso-venv")
        self.dir = os.path.join(WORK, "isso")
        self.url = f"http://127.0.0.1:{port}"
        self.port = port
        self.proc = None

    def install(self):
        isso = os.path.join(self.venv, "bin", "isso")
        if not os.path.exists(isso):
            subprocess.run([sys.executable, "-m", "venv", self.venv], check=True)
            subprocess.run([os.path.join(self.venv, "bin", "pip"), "install", "-q", f"isso=={ISSO_VERSION}"], check=True)
        return isso

    def start(self):
        isso = self.install()
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(self.dir)
        config = os.path.join(self.dir, "isso.cfg")
        with open(config, "w") as f:
            f.write(f"[general]\ndbpath = {self.dir}/comments.db\nhost = {self.url}\nnotify = stdout\n"
                    f"[server]\nlisten = {self.url}\n[guard]\nenabled = false\n[moderation]\nenabled = false\n")
        self.proc = subprocess.Popen(["taskset", "-c", lib.SERVER_CPU, isso, "-c", config, "run"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(f"{self.url}/info")
        return self

    def seed(self):
        ids = []
        for author, text, parent in lib.thread_comments():
            body = {"author": author, "text": text, "title": "Bench",
                    "parent": ids[parent] if parent is not None else None}
            ids.append(lib.post(self.url, f"/new?uri={lib.THREAD_PAGE}", body)["id"])
        for page in lib.COUNT_PAGES[:40]:
            lib.post(self.url, f"/new?uri={page}", {"text": "un avis", "title": "Article"})
        thread = json.loads(lib.get_bytes(f"{self.url}/?uri={lib.THREAD_PAGE}"))
        count = lambda replies: sum(1 + count(r.get("replies", [])) for r in replies)  # noqa: E731
        assert count(thread["replies"]) == 100, count(thread["replies"])

    def settle(self, seconds=120):
        """Waits until Isso has worked through what the last load left queued (its threads go
        on answering requests whose clients are gone), so one scenario does not slow the next."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            start = time.monotonic()
            urllib.request.urlopen(f"{self.url}/info", timeout=seconds)
            if time.monotonic() - start < 0.05:
                return
            time.sleep(0.5)

    def scenarios(self, tmp):
        counts = lib.lua_script(tmp, "isso-counts.lua", "POST", body=json.dumps(lib.COUNT_PAGES))
        posts = lib.lua_script(tmp, "isso-post.lua", "POST", path=f"/new?uri={lib.THREAD_PAGE}",
                               counter_body='{"text": "Un nouveau commentaire, le numéro %d.", "author": "Bench"}')
        return {"thread": (f"{self.url}/?uri={lib.THREAD_PAGE}", None),
                "counts": (f"{self.url}/count", counts),
                "post": (f"{self.url}/new?uri={lib.THREAD_PAGE}", posts)}

    def stop(self):
        if self.proc:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=10)


class Nginx:
    """nginx with one worker, serving the thread answer as a file and the counts answer to POST."""

    def __init__(self, port=18082):
        self.dir = os.path.join(WORK, "nginx")
        self.url = f"http://127.0.0.1:{port}"
        self.port = port
        self.proc = None

    def start(self, thread_bytes, counts_bytes):
        shutil.rmtree(self.dir, ignore_errors=True)
        os.makedirs(os.path.join(self.dir, "www"))
        os.makedirs(os.path.join(self.dir, "logs"))
        with open(os.path.join(self.dir, "www", "thread.json"), "wb") as f:
            f.write(thread_bytes)
        counts = counts_bytes.decode().replace("\\", "\\\\").replace("'", "\\'")
        config = os.path.join(self.dir, "nginx.conf")
        with open(config, "w") as f:
            f.write(f"""worker_processes 1;
error_log {self.dir}/logs/error.log;
pid {self.dir}/nginx.pid;
events {{ worker_connections 4096; }}
http {{
  access_log off;
  client_body_temp_path {self.dir}/body;
  server {{
    listen 127.0.0.1:{self.port};
    root {self.dir}/www;
    location = /api/v1/threads {{ default_type application/json; try_files /thread.json =404; }}
    location = /api/v1/counts {{ default_type application/json; return 200 '{counts}'; }}
  }}
}}
""")
        self.proc = subprocess.Popen(["taskset", "-c", lib.SERVER_CPU, "nginx", "-c", config, "-p", self.dir,
                                      "-g", "daemon off;"], stderr=subprocess.DEVNULL)
        wait_for(f"{self.url}/api/v1/threads")
        assert lib.get_bytes(f"{self.url}/api/v1/threads") == thread_bytes
        return self

    def stop(self):
        if self.proc:
            self.proc.send_signal(signal.SIGQUIT)
            self.proc.wait(timeout=10)
