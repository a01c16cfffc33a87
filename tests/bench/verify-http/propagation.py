#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# Revocation propagation between two tokendesk-server instances on one database: a poller keeps
# verifying a token through instance B while instance A revokes it; the propagation time is from
# A's 204 to B's first 401. Prints one line per round and the median and maximum, in ms.
# Usage: propagation.py URL_A URL_B ADMIN_TOKEN [ROUNDS]
import http.client
import json
import statistics
import sys
import threading
import time
import urllib.parse


def connection(url):
    parsed = urllib.parse.urlparse(url)
    return http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)


def call(conn, method, path, token, body=None, headers=None):
    h = {"Authorization": "Bearer " + token}
    if body is not None:
        h["Content-Type"] = "application/json"
    h.update(headers or {})
    conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=h)
    response = conn.getresponse()
    return response.status, response.read()


def main():
    url_a, url_b, admin = sys.argv[1], sys.argv[2], sys.argv[3]
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 20
    a = connection(url_a)
    results = []
    for n in range(rounds):
        status, body = call(a, "POST", "/v1/tokens", admin, {"label": "propagation %d" % n})
        if status != 201:
            sys.exit("create failed: %d %s" % (status, body))
        created = json.loads(body)
        secret, token_id = created["token"], created["id"]
        first_reject = []
        ready = threading.Event()
        stop = threading.Event()

        def poll():
            b = connection(url_b)
            while not stop.is_set():
                status, _ = call(b, "POST", "/v1/verify", secret)
                ready.set()
                if status == 401:
                    first_reject.append(time.monotonic())
                    return

        poller = threading.Thread(target=poll)
        poller.start()
        ready.wait()
        status, _ = call(a, "DELETE", "/v1/tokens/%d" % token_id, admin)
        acknowledged = time.monotonic()
        if status != 204:
            sys.exit("revoke failed: %d" % status)
        poller.join(timeout=10)
        stop.set()
        if not first_reject:
            sys.exit("instance B still accepted the revoked token after 10 s")
        results.append(max(0.0, (first_reject[0] - acknowledged) * 1000.0))
    print("revocation propagation A -> B over %d rounds: median %.2f ms, max %.2f ms"
          % (rounds, statistics.median(results), max(results)))


if __name__ == "__main__":
    main()
