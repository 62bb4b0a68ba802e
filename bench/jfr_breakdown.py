#!/usr/bin/env python3
"""Where a service's CPU goes, from a JFR recording: each execution sample counts once, for the category of the
innermost frame (nearest the leaf) that belongs to one, so the shares add up to 100% with "other" (JDK and
framework code outside every category's frames), and a span that wraps a Redis call does not count the call as
tracing; then the busiest threads and the hottest methods (self).

    bench/jfr_breakdown.py RECORDING.jfr [--top N]

Reads the recording with the JDK's `jfr` tool (`jfr print --json --events jdk.ExecutionSample`).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import subprocess

# Category -> substrings of a frame's "class.method"; a sample counts for a category when any frame matches.
CATEGORIES = {
    "tracing (OpenTelemetry SDK, instrumentation, export)": ["io.opentelemetry", "io.quarkus.opentelemetry"],
    "logging (JBoss LogManager, JSON formatting, file and console; the access log's line)": [
        "AccessLog.lambda$logWhenDone",
        "AccessLog.putOrRemove",
        "org.jboss.logmanager",
        "org.jboss.logging",
        "io.quarkus.logging.json",
        "TopLevelContextFormatter",
        "org.eclipse.parsson",
    ],
    "metrics scrape (/q/metrics, Prometheus text output)": [
        "PrometheusMeterRegistry.scrape",
        "MetricsEndpoint",
        "io.prometheus.client.exporter",
        "io.prometheus.metrics.expositionformats",
    ],
    "metrics (Micrometer: timers, histograms, exemplars)": ["io.micrometer", "io.quarkus.micrometer", "io.prometheus"],
    "Redis client": ["io.vertx.redis", "io.quarkus.redis"],
    "JDBC pool and driver (Agroal, PostgreSQL)": ["io.agroal", "org.postgresql"],
    "Hibernate ORM, Panache, Validator": ["org.hibernate", "io.quarkus.hibernate"],
    "REST client (outgoing HTTP)": ["org.jboss.resteasy.reactive.client", "io.quarkus.rest.client"],
    "JSON (Jackson)": ["com.fasterxml.jackson"],
    "fault tolerance (SmallRye)": ["io.smallrye.faulttolerance"],
    "Vert.x and Netty (HTTP server and client, every socket)": ["io.vertx.core", "io.netty", "io.vertx.ext.web"],
    "RESTEasy Reactive (server), Mutiny, CDI": ["org.jboss.resteasy.reactive", "io.smallrye.mutiny", "io.quarkus.arc"],
    "the services' own code (dev.obsdemo)": ["dev.obsdemo"],
}


def frames_of(event: dict) -> list[str]:
    stack = event["values"].get("stackTrace") or {}
    out = []
    for f in stack.get("frames", []):
        m = f.get("method", {})
        out.append(f"{m.get('type', {}).get('name', '?')}.{m.get('name', '?')}".replace("/", "."))
    return out or ["<no java frame>"]


def category(frames: list[str]) -> str:
    for frame in frames:  # leaf first
        for cat, needles in CATEGORIES.items():
            if any(n in frame for n in needles):
                return cat
    return "other"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("recording")
    ap.add_argument("--top", type=int, default=15)
    args = ap.parse_args()
    jfr = shutil.which("jfr") or os.path.join(os.environ.get("JAVA_HOME", "/usr"), "bin", "jfr")
    out = subprocess.run(
        [jfr, "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample", args.recording],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    events = json.loads(out)["recording"]["events"]
    total = len(events)
    counts = collections.Counter()
    threads = collections.Counter()
    top = collections.Counter()
    for e in events:
        frames = frames_of(e)
        top[frames[0]] += 1
        counts[category(frames)] += 1
        threads[e["values"].get("sampledThread", {}).get("javaName", "?").rstrip("0123456789-")] += 1
    print(f"{args.recording}: {total} samples")
    for cat in [*CATEGORIES, "other"]:
        print(f"  {100 * counts[cat] / max(total, 1):5.1f}%  {cat}")
    print("  threads: " + ", ".join(f"{t} {100 * n / max(total, 1):.0f}%" for t, n in threads.most_common(5)))
    print("  hottest methods (self):")
    for name, n in top.most_common(args.top):
        print(f"  {100 * n / max(total, 1):5.1f}%  {name}")


if __name__ == "__main__":
    main()
