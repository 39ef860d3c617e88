"""One real-client scenario with Debian's python3-redis, its defaults. Prints OK or raises.

    python3 python-client.py HOST PORT USER|- PASSWORD|- PREFIX SCENARIO
"""
import sys
import threading
import time

import redis

host, port, user, password, p, scenario = sys.argv[1:7]
kw = dict(host=host, port=int(port), socket_timeout=8, decode_responses=True)
if user != "-":
    kw.update(username=user, password=password)
a = redis.Redis(**kw)
b = redis.Redis(**kw)


def check(cond, what):
    if not cond:
        raise AssertionError(what)


if scenario == "blocking pop":
    a.delete(p + "q")
    threading.Timer(0.1, lambda: b.rpush(p + "q", "job-1")).start()
    got = a.blpop([p + "q"], timeout=5)
    check(tuple(got) == (p + "q", "job-1"), f"blpop {got!r}")
elif scenario == "pub/sub":
    ps = a.pubsub(ignore_subscribe_messages=True)
    ps.subscribe(p + "ch")
    check(b.publish(p + "ch", "hello") == 1, "publish receivers")
    deadline = time.time() + 5
    msg = None
    while msg is None and time.time() < deadline:
        msg = ps.get_message(timeout=0.5)
    check(msg is not None and msg["data"] == "hello" and msg["channel"] == p + "ch", f"message {msg!r}")
elif scenario == "full SCAN":
    keys = {f"{p}scan:{i}" for i in range(25)}
    b.mset({k: "v" for k in keys})
    seen = set(a.scan_iter(match=p + "scan:*", count=5))
    check(seen == keys, f"scan saw {len(seen)}")
elif scenario == "WATCH transaction":
    a.set(p + "w", "1")
    with a.pipeline() as pipe:
        pipe.watch(p + "w")
        pipe.multi()
        pipe.incr(p + "w")
        check(pipe.execute() == [2], "first exec")
    with a.pipeline() as pipe:
        pipe.watch(p + "w")
        b.set(p + "w", "10")
        pipe.multi()
        pipe.incr(p + "w")
        try:
            pipe.execute()
            raise AssertionError("exec after a watched change must abort")
        except redis.WatchError:
            pass
    check(b.get(p + "w") == "10", "value after abort")
elif scenario == "stream consumer group":
    a.delete(p + "s")
    check(a.xgroup_create(p + "s", "g", id="$", mkstream=True), "xgroup create")
    entry = b.xadd(p + "s", {"f": "v"})
    read = a.xreadgroup("g", "c1", {p + "s": ">"}, count=10)
    check(read == [[p + "s", [(entry, {"f": "v"})]]], f"xreadgroup {read!r}")
    check(a.xack(p + "s", "g", entry) == 1, "xack")
    check(a.xpending(p + "s", "g")["pending"] == 0, "pending")
elif scenario == "pipeline":
    a.delete(p + "n")
    pipe = a.pipeline(transaction=False)
    for _ in range(50):
        pipe.incr(p + "n")
    pipe.get(p + "n")
    replies = pipe.execute()
    check(replies == list(range(1, 51)) + ["50"], f"pipeline {replies[-3:]!r}")
else:
    raise SystemExit(f"unknown scenario {scenario}")
print("OK")
