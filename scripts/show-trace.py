#!/usr/bin/env python3
"""Prints one trace from Jaeger's query API as a tree: offset, duration, service, operation, key attributes.

    scripts/show-trace.py TRACE_ID [JAEGER_URL] [SERVICES]

Spans arrive in batches, one per service and a second or so apart: waits up to 20 s until the trace has
its root span and no more spans arrive for two seconds. SERVICES, when given, also waits for spans of that
many services (a trace through all three: 3)."""
import json
import sys
import time
import urllib.error
import urllib.request

SHOWN = ("app.request.id", "user.id", "app.order.id", "app.cache.hit", "db.statement", "http.response.status_code",
         "error")


def fetch(trace_id, base, expected_services):
    deadline = time.time() + 20
    seen, stable_since = None, None
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/api/traces/{trace_id}", timeout=3) as response:
                data = json.load(response).get("data") or []
        except urllib.error.URLError:
            data = []
        if data:
            trace = data[0]
            services = {p["serviceName"] for p in trace["processes"].values()}
            ids = {s["spanID"] for s in trace["spans"]}
            has_root = any(not any(r["refType"] == "CHILD_OF" and r["spanID"] in ids for r in s["references"])
                           for s in trace["spans"])
            if len(trace["spans"]) != seen:
                seen, stable_since = len(trace["spans"]), time.time()
            elif has_root and len(services) >= expected_services and time.time() - stable_since >= 2:
                return trace
        time.sleep(0.5)
    sys.exit(f"trace {trace_id} not complete in Jaeger at {base} after 20 s")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    base = sys.argv[2] if len(sys.argv) > 2 else "http://127.0.0.1:16686"
    trace = fetch(sys.argv[1], base, int(sys.argv[3]) if len(sys.argv) > 3 else 1)
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
