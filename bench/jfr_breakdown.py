#!/usr/bin/env python3
"""Where a service's CPU goes, from a JFR recording: the share of execution samples whose stack contains each
category's frames (inclusive, so the shares overlap and do not add up to 100%), and the hottest methods (self).

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
    "logging (JBoss LogManager, JSON formatting, file/console)": [
        "org.jboss.logmanager",
        "org.jboss.logging",
        "io.quarkus.logging.json",
        "TopLevelContextFormatter",
    ],
    "access log (AccessLog end handler)": ["dev.obsdemo.common.telemetry.AccessLog"],
    "metrics (Micrometer: timers, histograms, exemplars)": ["io.micrometer", "io.quarkus.micrometer"],
    "metrics scrape (Prometheus text output)": [
        "PrometheusMeterRegistry.scrape",
        "io.prometheus.metrics.expositionformats",
    ],
    "Redis client": ["io.vertx.redis", "io.quarkus.redis"],
    "JDBC pool and driver (Agroal, PostgreSQL)": ["io.agroal", "org.postgresql"],
    "Hibernate ORM / Panache": ["org.hibernate", "io.quarkus.hibernate"],
    "REST client (outgoing HTTP)": ["org.jboss.resteasy.reactive.client", "io.quarkus.rest.client"],
    "JSON (Jackson)": ["com.fasterxml.jackson"],
    "fault tolerance (SmallRye)": ["io.smallrye.faulttolerance"],
    "HTTP server (Vert.x, Netty)": ["io.vertx.core.http", "io.netty"],
    "JIT / GC (no Java frame)": ["<no java frame>"],
}


def frames_of(event: dict) -> list[str]:
    stack = event["values"].get("stackTrace") or {}
    out = []
    for f in stack.get("frames", []):
        m = f.get("method", {})
        out.append(f"{m.get('type', {}).get('name', '?')}.{m.get('name', '?')}")
    return out or ["<no java frame>"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("recording")
    ap.add_argument("--top", type=int, default=15)
    args = ap.parse_args()
    jfr = shutil.which("jfr") or os.path.join(os.environ.get("JAVA_HOME", "/usr"), "bin", "jfr")
    out = subprocess.run(
        [jfr, "print", "--json", "--stack-depth", "96", "--events", "jdk.ExecutionSample", args.recording],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    events = json.loads(out)["recording"]["events"]
    total = len(events)
    inclusive = collections.Counter()
    top = collections.Counter()
    for e in events:
        frames = frames_of(e)
        top[frames[0]] += 1
        joined = "\n".join(frames)
        for cat, needles in CATEGORIES.items():
            if any(n in joined for n in needles):
                inclusive[cat] += 1
    print(f"{args.recording}: {total} samples")
    for cat in CATEGORIES:
        print(f"  {100 * inclusive[cat] / max(total, 1):5.1f}%  {cat}")
    print("  hottest methods (self):")
    for name, n in top.most_common(args.top):
        print(f"  {100 * n / max(total, 1):5.1f}%  {name}")


if __name__ == "__main__":
    main()
