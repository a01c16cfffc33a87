#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""SIGKILL at random moments (issue 14): a store survives a process killed mid-write.

Drives the real tokendesk-cli (or a tokendesk-server under management load, --server) through
generate / rotate with and without grace / rename / disable / enable / revoke on a scratch
SQLite store, kills the process with SIGKILL at a random moment of each operation, and after
every kill checks what an admin relies on:

  - the store opens and PRAGMA integrity_check says ok; the row counter equals the rows;
  - the audit chain verifies (tokendesk-cli audit --verify);
  - every acknowledged operation (the CLI printed and exited 0, the server answered) is present;
  - the killed one is either wholly there or wholly absent, never half: a rotation without
    grace never leaves two live tokens, nor none; one with grace leaves the old one expiring;
  - every secret the model knows still verifies; the per-user token limit holds.

Prints kill points x acknowledged operations x lost (must be 0) and exits 1 on any breach.
    tests/crash/crash.py --cli PATH [--server PATH] [--kills N] [--seconds S] [--seed N]
"""
import argparse
import glob
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

TOKEN_LIMIT = 6
ADMIN = "admin"


class Breach(Exception):
    pass


class PgCluster:
    """A throwaway PostgreSQL cluster on loopback (as the postgres account when run as root)."""

    def __init__(self, workdir):
        versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not versions:
            raise SystemExit("no PostgreSQL server under /usr/lib/postgresql (install postgresql-15)")
        self.bin = os.path.dirname(versions[-1])
        self.dir = os.path.join(workdir, "pg")
        os.makedirs(os.path.join(self.dir, "sockets"))
        self.as_pg = []
        if os.getuid() == 0:
            os.chmod(workdir, 0o755)
            subprocess.run(["chown", "-R", "postgres:", self.dir], check=True)
            self.as_pg = ["runuser", "-u", "postgres", "--"]
        self.port = free_port()
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "check": True}
        subprocess.run([*self.as_pg, f"{self.bin}/initdb", "-D", f"{self.dir}/data", "-U", "tokendesk",
                        "-A", "trust", "--no-sync"], **quiet)
        subprocess.run([*self.as_pg, f"{self.bin}/pg_ctl", "-D", f"{self.dir}/data", "-l", f"{self.dir}/log",
                        "-w", "-o", f"-p {self.port} -k {self.dir}/sockets -c listen_addresses=127.0.0.1 "
                        "-c fsync=on", "start"], **quiet)
        self.psql("postgres", "CREATE DATABASE crash")
        self.url = f"postgresql://tokendesk@127.0.0.1:{self.port}/crash"

    def psql(self, database, sql):
        done = subprocess.run(["psql", "-X", "-q", "-At", "-h", "127.0.0.1", "-p", str(self.port), "-U",
                               "tokendesk", "-d", database, "-c", sql], capture_output=True, timeout=60)
        if done.returncode != 0:
            raise Breach("psql: " + done.stderr.decode())
        return done.stdout.decode().strip()

    def stop(self):
        subprocess.run([*self.as_pg, f"{self.bin}/pg_ctl", "-D", f"{self.dir}/data", "-m", "immediate",
                        "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class Store:
    """The scratch store and the CLI that reads it (never the user's own files)."""

    def __init__(self, cli, workdir, cluster=None):
        self.cli = cli
        self.cluster = cluster
        self.path = os.path.join(workdir, "crash.tokendesk")
        self.where = ["--db", cluster.url] if cluster else ["--store", self.path]
        self.env = dict(os.environ, HOME=workdir, XDG_DATA_HOME=os.path.join(workdir, "data"),
                        XDG_CONFIG_HOME=os.path.join(workdir, "config"), LC_ALL="C")
        self.env.pop("TOKENDESK_STORE", None)

    def argv(self, *arguments):
        return [self.cli, *self.where, "--as", ADMIN, *arguments]

    def pair(self, sql):
        if self.cluster:
            return self.cluster.psql("crash", sql)
        with sqlite3.connect(self.path, timeout=10) as db:
            return db.execute(sql).fetchone()[0]

    def wait_for_killed_sessions(self):
        """PostgreSQL finishes a COMMIT its killed client had sent: wait until no session is left,
        so the operation is wholly in or out before the store is judged."""
        if not self.cluster:
            return
        for _ in range(500):
            if int(self.cluster.psql("crash", "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = "
                                     "'crash' AND backend_type = 'client backend' AND pid <> "
                                     "pg_backend_pid()")) == 0:
                return
            time.sleep(0.02)
        raise Breach("a killed process's database session did not end within 10 s")

    def scalar(self, sql):
        """One value from the store's database, read beside the processes under test."""
        if self.cluster:
            return int(self.cluster.psql("crash", sql))
        with sqlite3.connect(self.path, timeout=10) as db:
            return db.execute(sql).fetchone()[0]

    def run(self, *arguments, stdin=None):
        return subprocess.run(self.argv(*arguments), input=stdin, capture_output=True, env=self.env,
                              timeout=60)

    def tokens(self):
        listed = self.run("--json", "list", "--limit", "1000")
        if listed.returncode != 0:
            raise Breach("the store does not open after the kill: " + listed.stderr.decode())
        return {row["id"]: row for row in json.loads(listed.stdout)}

    def verifies(self, secret):
        return self.run("verify", stdin=(secret + "\n").encode()).returncode == 0

    def check_files(self):
        if not self.cluster:  # PostgreSQL has no integrity_check; its own WAL recovery is trusted
            with sqlite3.connect(self.path, timeout=10) as db:
                integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
                if integrity != "ok":
                    raise Breach("integrity_check: " + integrity)
        # One statement, one snapshot: two would race a commit landing in between.
        rows, counted = (int(v) for v in str(self.pair("SELECT (SELECT COUNT(*) FROM tokens) || ',' || "
                                                        "(SELECT count FROM token_rows)")).split(","))
        if rows != counted:
            raise Breach(f"the row counter says {counted}, the table holds {rows}")
        now = int(time.time() * 1000)
        used = self.scalar("SELECT COUNT(*) FROM tokens WHERE superseded_by IS NULL AND "
                           f"(expires_at IS NULL OR expires_at > {now})")
        if used > TOKEN_LIMIT:
            raise Breach(f"{used} tokens count towards a limit of {TOKEN_LIMIT}")
        audit = self.run("audit", "--verify")
        if audit.returncode != 0:
            raise Breach("the audit chain does not verify: " + (audit.stdout + audit.stderr).decode())


class Model:
    """What the store must hold: every token the acknowledged operations left, by id."""

    def __init__(self):
        # id -> {"label", "status", "secret" (None when never printed), "grace", "fixed"}; a fixed
        # token (the server's own admin credential) is checked but never operated on.
        self.tokens = {}
        self.versions = {}  # id -> version, from the last listing (If-Match of the REST calls)
        self.serial = 0

    def live(self):
        return [i for i, t in self.tokens.items() if not t["grace"] and not t.get("fixed")]

    def counted(self):
        return sum(1 for t in self.tokens.values() if not t["grace"])

    def next_label(self):
        self.serial += 1
        return f"crash {self.serial}"


def pick_operation(model, rng):
    live = model.live()
    choices = ["generate"] if model.counted() < TOKEN_LIMIT else []
    if live:
        choices += ["rotate", "rotate-grace", "rename", "toggle", "revoke"]
    kind = rng.choice(choices)
    target = rng.choice(live) if kind != "generate" else None
    return kind, target


def cli_arguments(kind, target, model, label):
    token = model.tokens.get(target)
    if kind == "generate":
        # Never expiring, so that only a grace period sets expires_at (matches() tells them apart
        # by it); the store's default lifetime policy would give every new token 90 days.
        return ["--json", "generate", "--label", label, "--expires", "never"]
    if kind == "rotate":
        return ["--json", "rotate", str(target)]
    if kind == "rotate-grace":
        return ["--json", "rotate", str(target), "--grace", "1h"]
    if kind == "rename":
        return ["rename", str(target), label]
    if kind == "toggle":
        return ["disable" if token["status"] == "active" else "enable", str(target)]
    return ["revoke", str(target), "--confirm", token["label"]]


def outcomes(kind, target, model, label, before_ids):
    """The states the store may be in after the operation: (done, expected tokens), not done first."""
    unchanged = {i: dict(t) for i, t in model.tokens.items()}
    done = {i: dict(t) for i, t in model.tokens.items()}
    if kind == "generate":
        done["new"] = {"label": label, "status": "active", "secret": None, "grace": False}
    elif kind in ("rotate", "rotate-grace"):
        old = done[target]
        if kind == "rotate":
            del done[target]
        else:
            old["grace"] = True
        done["new"] = {"label": old["label"], "status": "active", "secret": None, "grace": False}
    elif kind == "rename":
        done[target]["label"] = label
    elif kind == "toggle":
        done[target]["status"] = "disabled" if done[target]["status"] == "active" else "active"
    else:
        del done[target]
    return [(False, unchanged), (True, done)]


def matches(expected, listed, before_ids):
    """True when the listed tokens are exactly `expected`; binds the id of a "new" token."""
    new_ids = [i for i in listed if i not in before_ids]
    if ("new" in expected) != (len(new_ids) == 1) or len(new_ids) > 1:
        return None
    bound = {(new_ids[0] if i == "new" else i): t for i, t in expected.items()}
    if set(bound) != set(listed):
        return None
    for i, token in bound.items():
        row = listed[i]
        if row["label"] != token["label"] or row["status"] != token["status"]:
            return None
        if token["grace"] != (row["expires_at"] is not None):
            return None
    return bound


def settle(store, model, kind, target, label, before_ids, acknowledged, printed):
    """Checks the store after one operation and moves the model to what it holds."""
    store.check_files()
    listed = store.tokens()
    for done, expected in outcomes(kind, target, model, label, before_ids):
        if acknowledged and not done:
            continue  # an acknowledged operation must be there
        bound = matches(expected, listed, before_ids)
        if bound is None:
            continue
        if done and printed is not None and kind in ("generate", "rotate", "rotate-grace"):
            new_id = printed["id"]
            if new_id not in bound:
                raise Breach(f"the acknowledged token {new_id} is not in the store")
            bound[new_id]["secret"] = printed["token"]
        model.tokens = bound
        model.versions = {i: row["version"] for i, row in listed.items()}
        # The secrets this operation touched, and one other, must verify while active.
        touched = {target, *(i for i in bound if i not in before_ids)}
        known = [i for i, t in bound.items() if t["secret"]]
        if known:
            touched.add(random.choice(known))
        for i in touched:
            token = bound.get(i)
            if token and token["secret"] and token["status"] == "active" and not store.verifies(token["secret"]):
                raise Breach(f"the secret of '{token['label']}' no longer verifies")
        return done
    state = {i: (r["label"], r["status"], r["expires_at"]) for i, r in listed.items()}
    raise Breach(f"{'acknowledged' if acknowledged else 'killed'} {kind} {target} '{label}': "
                 f"the store holds neither outcome: {state}")


def kill_moment(rng, typical):
    """Anywhere in a typical operation, or (every other kill) near its end, where it writes."""
    return rng.uniform(0, typical * 1.2) if rng.random() < 0.5 else rng.uniform(typical * 0.7, typical * 1.1)


def run_cli(store, rng, kills_wanted, deadline):
    model = Model()
    durations = []
    tally = {"kills": 0, "acknowledged": 0, "killed_applied": 0, "killed_absent": 0}
    while tally["kills"] < kills_wanted and time.monotonic() < deadline:
        kind, target = pick_operation(model, rng)
        label = model.next_label()
        before_ids = set(model.tokens)
        process = subprocess.Popen(store.argv(*cli_arguments(kind, target, model, label)),
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=store.env)
        # Mostly a random moment within a typical run; every third op runs to its end.
        typical = sorted(durations)[len(durations) // 2] if durations else 0.05
        delay = kill_moment(rng, typical) if rng.random() < 2 / 3 else None
        started = time.monotonic()
        try:
            out, err = process.communicate(timeout=delay if delay is not None else 60)
            killed = False
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            out, err = process.communicate()
            killed = process.returncode == -signal.SIGKILL
            store.wait_for_killed_sessions()
        if not killed:
            durations.append(time.monotonic() - started)
            if process.returncode != 0:
                raise Breach(f"{kind} failed without a kill: {err.decode()}")
        printed = json.loads(out) if (not killed and out.strip().startswith(b"{")) else None
        done = settle(store, model, kind, target, label, before_ids, not killed, printed)
        if killed:
            tally["kills"] += 1
            tally["killed_applied" if done else "killed_absent"] += 1
        else:
            tally["acknowledged"] += 1
    return tally


def check_the_checker(store):
    """The checks can fail: a token deleted behind the model's back must be reported as lost."""
    made = json.loads(store.run("--json", "generate", "--label", "checker", "--expires", "never").stdout)
    model = Model()
    model.tokens[made["id"]] = {"label": "checker", "status": "active", "secret": made["token"],
                                "grace": False}
    if store.cluster:
        store.cluster.psql("crash", f"DELETE FROM tokens WHERE id = {int(made['id'])}")
    else:
        with sqlite3.connect(store.path) as db:
            db.execute("DELETE FROM tokens WHERE id = ?", (made["id"],))
    try:
        settle(store, model, "rename", made["id"], "never applied", set(model.tokens), False, None)
    except Breach:
        return
    raise SystemExit("the crash checker did not notice a lost token")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """tokendesk-server on the scratch store, restarted after every kill."""

    def __init__(self, binary, store):
        self.binary, self.store, self.process = binary, store, None

    def start(self):
        self.port = free_port()
        self.process = subprocess.Popen([self.binary, *self.store.where, "--listen",
                                         f"127.0.0.1:{self.port}", "--workers", "2"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        env=self.store.env)
        for _ in range(500):
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.1):
                    return
            except OSError:
                time.sleep(0.02)
        raise Breach("the server did not start after a kill")

    def kill(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def call(self, admin, method, path, body=None, version=None, timeout=10):
        headers = {"Authorization": "Bearer " + admin, "Content-Type": "application/json"}
        if version is not None:
            headers["If-Match"] = f'"{version}"'
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method,
                                         data=json.dumps(body).encode() if body is not None else None,
                                         headers=headers)
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            text = answer.read()
            return json.loads(text) if text else {}


def server_request(kind, target, model, label):
    token = model.tokens.get(target)
    if kind == "generate":
        return "POST", "/v1/tokens", {"label": label, "role": "developer", "expires_at": None}
    if kind == "rotate":
        return "POST", f"/v1/tokens/{target}/rotate", {"grace_seconds": 0}
    if kind == "rotate-grace":
        return "POST", f"/v1/tokens/{target}/rotate", {"grace_seconds": 3600}
    if kind == "rename":
        return "PATCH", f"/v1/tokens/{target}", {"label": label}
    if kind == "toggle":
        return "PATCH", f"/v1/tokens/{target}", {"enabled": token["status"] != "active"}
    return "DELETE", f"/v1/tokens/{target}", None


def run_server(store, binary, admin, rng, kills_wanted, deadline):
    """One management call at a time; the server is killed at a random moment of it."""
    model = Model()
    model.tokens[admin["id"]] = {"label": admin["label"], "status": "active", "secret": admin["token"],
                                 "grace": False, "fixed": True}
    model.versions[admin["id"]] = admin.get("version", 1)
    server = Server(binary, store)
    tally = {"kills": 0, "acknowledged": 0, "killed_applied": 0, "killed_absent": 0}
    durations = []
    server.start()
    # A verify load beside the management calls, as in production; its answers are not judged
    # (calls cut by a kill fail), only that the server under it keeps the store whole.
    stop_load = threading.Event()

    def verify_load():
        while not stop_load.is_set():
            try:
                server.call(admin["token"], "POST", "/v1/verify", timeout=2)
            except Exception:
                time.sleep(0.005)
    load = threading.Thread(target=verify_load, daemon=True)
    load.start()
    try:
        run_server_operations(store, server, admin, model, rng, kills_wanted, deadline, tally, durations)
    finally:  # never leave a server behind, whatever went wrong
        stop_load.set()
        load.join(5)
        server.kill()
    return tally


def run_server_operations(store, server, admin, model, rng, kills_wanted, deadline, tally, durations):
    while tally["kills"] < kills_wanted and time.monotonic() < deadline:
        kind, target = pick_operation(model, rng)
        label = model.next_label()
        before_ids = set(model.tokens)
        method, path, body = server_request(kind, target, model, label)
        answer, failure = {}, []

        def call():
            try:
                answer.update(server.call(admin["token"], method, path, body,
                                          model.versions.get(target)))
            except Exception as error:  # the kill cuts the connection: unacknowledged
                failure.append(error)
        worker = threading.Thread(target=call)
        kill_now = rng.random() < 2 / 3
        typical = sorted(durations)[len(durations) // 2] if durations else 0.01
        started = time.monotonic()
        worker.start()
        if kill_now:
            time.sleep(kill_moment(rng, typical))
            server.kill()
        worker.join(30)
        if not kill_now:
            durations.append(time.monotonic() - started)
        acknowledged = not failure and not worker.is_alive()
        if not kill_now and not acknowledged:
            raise Breach(f"{kind} failed without a kill: {failure}")
        if kill_now:
            store.wait_for_killed_sessions()
            server.start()
        printed = None
        if acknowledged and "token" in answer:
            printed = {"id": answer["id"], "token": answer["token"]}
        done = settle(store, model, kind, target, label, before_ids, acknowledged, printed)
        if kill_now:
            tally["kills"] += 1
            if acknowledged:
                tally["acknowledged"] += 1
            else:
                tally["killed_applied" if done else "killed_absent"] += 1
        else:
            tally["acknowledged"] += 1


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cli", required=True)
    parser.add_argument("--server", help="kill tokendesk-server instead of the CLI")
    parser.add_argument("--postgres", action="store_true",
                        help="a throwaway PostgreSQL cluster instead of a SQLite file")
    parser.add_argument("--kills", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=3600)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    options = parser.parse_args()
    # Stopped from outside (a CI timeout, Ctrl+C): still stop the cluster and the server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    mode = ("server" if options.server else "cli") + (" on PostgreSQL" if options.postgres else "")
    rng = random.Random(options.seed)
    random.seed(options.seed)  # the spot checks in settle() too
    deadline = time.monotonic() + options.seconds
    with tempfile.TemporaryDirectory(prefix="tokendesk-crash-") as workdir:
        cluster = PgCluster(workdir) if options.postgres else None
        store = Store(options.cli, workdir, cluster)
        try:
            made = store.run("init", "--admin", ADMIN, "--token-limit", str(TOKEN_LIMIT))
            if made.returncode != 0:
                raise SystemExit("cannot create the scratch store: " + made.stderr.decode())
            check_the_checker(store)
            if options.server:
                made = store.run("--json", "generate", "--label", "crash console", "--role", "admin",
                                 "--expires", "never")
                tally = run_server(store, options.server, json.loads(made.stdout), rng, options.kills,
                                   deadline)
            else:
                tally = run_cli(store, rng, options.kills, deadline)
        except Breach as breach:
            print(f"crash ({mode}, seed {options.seed}): BREACH: {breach}")
            sys.exit(1)
        finally:
            if cluster:
                cluster.stop()
    print(f"crash ({mode}, seed {options.seed}): "
          f"{tally['kills']} kill points x {tally['acknowledged']} acknowledged operations x 0 lost; "
          f"killed operations found applied {tally['killed_applied']}, absent {tally['killed_absent']}")


if __name__ == "__main__":
    main()
