#!/usr/bin/env python3
"""The demo's background load: the load test's shop mix at about one visit per second, in one small process.

make demo runs it as the component load-background (scripts/stack.sh) so Jaeger, Zipkin, Prometheus and the
dashboards always have fresh data. It sends the same kinds of request as load-tests' ShopSimulation, with the
same weights (sign-ups, reads of users, orders and summaries, orders placed with an Idempotency-Key and
sometimes retried, invalid requests, unknown IDs), but it is not Gatling: a JVM running Gatling took about
165 MB, more than the demo's memory budget (1.5 GB for the whole stack) had left; this takes about 15 MB.
It asserts nothing and writes no report: every minute it logs one line of counts by route and status.

`./demo traffic` runs it in the foreground for a while with a mix of its own (the guided scenarios,
docs/scenarios/, drive their traffic so): --mix summary=3,placeOrder=1 --rate 10 --seconds 30 --workers 4.

Arrivals are a Poisson process at --rate visits per second; visits run one after another, so a slow
gateway slows the load down instead of piling requests up. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter

# The catalog of order-service's seed migration (as ShopSimulation's SKUS).
SKUS = ["BOOK-001", "BOOK-002", "MUG-001", "SHIRT-001", "STICKER-001", "KEYB-001", "HEADSET-001", "LAMP-001"]
# ShopSimulation's default load.mix: relative weights of the kinds of visit.
MIX = {
    "createUser": 10,
    "viewUser": 25,
    "listOrders": 12,
    "summary": 12,
    "placeOrder": 25,
    "viewOrder": 8,
    "invalid": 4,
    "unknownId": 4,
}
RETRY_PERCENT = 20
UNKNOWN_ID_BASE = 9_000_000_000_000  # far above any ID a laptop's database reaches: a 404 every time
MAX_IDS = 1000  # IDs kept for reads; older ones are dropped, so memory stays flat for 30 days


class Shop:
    """One visitor after another against the gateway at base_url; counts answers by route and status."""

    def __init__(self, base_url: str, timeout: float) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.run = f"bg-{int(time.time()):x}-{uuid.uuid4().hex[:6]}"
        self.users: list[int] = []
        self.orders: list[int] = []
        self.counts: Counter[str] = Counter()
        self.lock = threading.Lock()  # --workers share one shop: its users, orders and counts

    def count(self, key: str) -> None:
        with self.lock:
            self.counts[key] += 1

    def send(
        self, route: str, method: str, path: str, body: dict | None = None, headers: dict | None = None
    ) -> dict | None:
        """Sends one request; returns the JSON answer of a 2xx, None otherwise. Never raises."""
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base_url + path, data=data, method=method)
        req.add_header("Accept", "application/json")
        req.add_header("User-Agent", "obsdemo-load-background (python)")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            req.add_header(name, value)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                self.count(f"{route} {resp.status}")
                raw = resp.read()
                return json.loads(raw) if raw else {}
        except urllib.error.HTTPError as e:
            self.count(f"{route} {e.code}")
            e.read()
        except (OSError, ValueError) as e:
            self.count(f"{route} {type(e).__name__}")
        return None

    def remember(self, pool: list[int], answer: dict | None) -> None:
        if answer and isinstance(answer.get("id"), int):
            with self.lock:
                pool.append(answer["id"])
                del pool[:-MAX_IDS]

    def user(self) -> int | None:
        """A user of this run, or a new one when there is none yet."""
        if not self.users:
            self.create_user()
        return random.choice(self.users) if self.users else None

    def create_user(self) -> None:
        email = f"{self.run}-{uuid.uuid4()}@example.com"
        self.remember(self.users, self.send("create user", "POST", "/api/users", {"name": "Load Test", "email": email}))

    def order_body(self, user_id: int, sku: str) -> dict:
        return {"userId": user_id, "items": [{"sku": sku, "quantity": random.randint(1, 3)}]}

    def place_order(self, user_id: int) -> None:
        body = self.order_body(user_id, random.choice(SKUS))
        key = {"Idempotency-Key": str(uuid.uuid4())}
        self.remember(self.orders, self.send("place order", "POST", "/api/orders", body, key))
        if random.randrange(100) < RETRY_PERCENT:
            self.send("retry order", "POST", "/api/orders", body, key)

    def visit(self, kind: str) -> None:
        """One visit of the given kind (a key of MIX): one request, two for a retried order."""
        if kind == "createUser":
            self.create_user()
        elif kind == "unknownId":
            unknown = UNKNOWN_ID_BASE + random.randrange(1_000_000_000)
            if random.random() < 0.5:
                self.send("view unknown user", "GET", f"/api/users/{unknown}")
            else:
                self.send("view unknown order", "GET", f"/api/orders/{unknown}")
        elif kind == "viewOrder" and self.orders:
            self.send("view order", "GET", f"/api/orders/{random.choice(self.orders)}")
        elif kind == "invalid" and random.random() < 0.4:
            self.send("create user invalid", "POST", "/api/users", {"name": "Load Test", "email": "not-an-address"})
        else:
            user_id = self.user()
            if user_id is None:
                return
            if kind == "viewUser":
                self.send("view user", "GET", f"/api/users/{user_id}")
            elif kind == "listOrders":
                self.send("list orders", "GET", f"/api/users/{user_id}/orders")
            elif kind == "summary":
                self.send("summary", "GET", f"/api/users/{user_id}/summary")
            elif kind == "invalid" and random.random() < 0.5:
                self.send(
                    "order unknown sku",
                    "POST",
                    "/api/orders",
                    self.order_body(user_id, "NO-SUCH-SKU"),
                    {"Idempotency-Key": str(uuid.uuid4())},
                )
            elif kind == "invalid":
                self.send(
                    "order invalid key",
                    "POST",
                    "/api/orders",
                    self.order_body(user_id, random.choice(SKUS)),
                    {"Idempotency-Key": "not a key!"},
                )
            else:  # placeOrder, or viewOrder before any order exists
                self.place_order(user_id)


def parse_mix(text: str) -> dict[str, int]:
    """'summary=3,placeOrder=1' as {'summary': 3, 'placeOrder': 1}; raises ValueError naming what is wrong."""
    mix: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        kind, _, weight = part.partition("=")
        if kind not in MIX:
            raise ValueError(f"unknown kind of visit '{kind}' (kinds: {', '.join(MIX)})")
        try:
            mix[kind] = int(weight or "1")
        except ValueError:
            raise ValueError(f"the weight of {kind} must be a whole number, not '{weight}'") from None
        if mix[kind] < 1:
            raise ValueError(f"the weight of {kind} must be 1 or more")
    if not mix:
        raise ValueError("the mix names no kind of visit")
    return mix


def summary_line(counts: Counter[str]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "no request"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8080", help="the gateway")
    parser.add_argument("--rate", type=float, default=1.0, help="new visits per second (default 1)")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds per request (default 10)")
    parser.add_argument("--report-every", type=float, default=60.0, help="seconds between count lines")
    parser.add_argument("--mix", default="", help=f"kind=weight,... of {', '.join(MIX)} (default: the load test's mix)")
    parser.add_argument("--seconds", type=float, default=0, help="stop after this long (default: never)")
    parser.add_argument(
        "--workers", type=int, default=1, help="visits at once (default 1; each worker has rate/workers)"
    )
    args = parser.parse_args()
    if args.rate <= 0:
        parser.error("--rate must be positive")
    if args.seconds < 0 or args.workers < 1:
        parser.error("--seconds must be 0 or more and --workers 1 or more")
    try:
        mix = parse_mix(args.mix) if args.mix else MIX
    except ValueError as e:
        parser.error(str(e))

    shop = Shop(args.base_url, args.timeout)
    kinds, weights = list(mix), list(mix.values())
    until = time.monotonic() + args.seconds if args.seconds else float("inf")
    print(
        f"load-background: {args.rate} visits/s ({args.workers} at once) against {args.base_url}, run {shop.run}"
        + (f", {args.seconds:g} s of {', '.join(f'{k}={v}' for k, v in mix.items())}" if args.seconds else ""),
        flush=True,
    )
    report = {"next": time.monotonic() + args.report_every}

    def work() -> None:
        next_visit = time.monotonic()
        rate = args.rate / args.workers
        while True:
            next_visit += random.expovariate(rate)
            if next_visit >= until:
                return
            time.sleep(max(0.0, next_visit - time.monotonic()))
            shop.visit(random.choices(kinds, weights)[0])
            # Behind schedule after a slow visit: start again from now rather than catch up in a burst.
            next_visit = max(next_visit, time.monotonic())
            with shop.lock:
                if time.monotonic() >= report["next"]:
                    report["next"] = time.monotonic() + args.report_every
                    print("load-background: " + summary_line(shop.counts), flush=True)
                    shop.counts.clear()

    workers = [threading.Thread(target=work, daemon=True) for _ in range(args.workers)]
    for worker in workers:
        worker.start()
    for worker in workers:
        while worker.is_alive():
            worker.join(1)
    print("load-background: " + summary_line(shop.counts), flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(0)
