#!/usr/bin/env python3
"""Prints one trace from Jaeger's query API as a tree: offset, duration, service, operation, key attributes.

    scripts/show-trace.py TRACE_ID [JAEGER_URL] [SERVICES]

Spans arrive in batches, one per service: waits up to 20 s until spans of SERVICES services (default 3)
are there and no more arrive."""
import json
import sys
import time
import urllib.error
import urllib.request

SHOWN = ("app.request.id", "user.id", "app.order.id", "app.cache.hit", "db.statement", "http.response.status_code", "error")


def fetch(trace_id, base, expected_services):
    deadline = time.time() + 20
    last = None
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/api/traces/{trace_id}", timeout=3) as response:
                data = json.load(response).get("data") or []
                if data:
                    services = {p["serviceName"] for p in data[0]["processes"].values()}
                    if len(services) >= expected_services and len(data[0]["spans"]) == last:
                        return data[0]
                    last = len(data[0]["spans"])
        except urllib.error.URLError:
            pass
        time.sleep(1.0)
    sys.exit(f"trace {trace_id} not complete in Jaeger at {base} after 20 s")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    base = sys.argv[2] if len(sys.argv) > 2 else "http://127.0.0.1:16686"
    trace = fetch(sys.argv[1], base, int(sys.argv[3]) if len(sys.argv) > 3 else 3)
    services = {key: p["serviceName"] for key, p in trace["processes"].items()}
    ids = {s["spanID"] for s in trace["spans"]}
    children = {}
    for span in trace["spans"]:
        parents = [r["spanID"] for r in span["references"] if r["refType"] == "CHILD_OF" and r["spanID"] in ids]
        children.setdefault(parents[0] if parents else None, []).append(span)
    start = min(s["startTime"] for s in trace["spans"])
    print(f"trace {trace['traceID']}: {len(trace['spans'])} spans from {', '.join(sorted(set(services.values())))}")
    print(f"{'start':>9} {'duration':>9}  span")

    def show(parent, depth):
        for span in sorted(children.get(parent, []), key=lambda s: s["startTime"]):
            tags = {t["key"]: t["value"] for t in span["tags"]}
            kind = tags.get("span.kind", "internal")
            extra = " ".join(f"{k}={tags[k]}" for k in SHOWN if k in tags)
            print(f"{(span['startTime'] - start) / 1000:7.1f}ms {span['duration'] / 1000:7.1f}ms  "
                  f"{'  ' * depth}{services[span['processID']]}: {span['operationName']} [{kind}] {extra}".rstrip())
            show(span["spanID"], depth + 1)

    show(None, 0)


if __name__ == "__main__":
    main()
