#!/usr/bin/env python3
"""The local stack's webhook receiver for Alertmanager (observability/alertmanager/local-receivers.yml).

Where a deployment pages through PagerDuty or Slack, the local stack sends every notification here. Each one
is printed as a line a person can read and appended as JSON to the notifications log, so you can watch
alerts arrive while you break things (scripts/fault.sh):

    tail -f .run/logs/alerts.log | jq .               # every notification, whole
    curl -s http://127.0.0.1:9095/alerts | jq .       # the last 200, newest last, with the time received

    POST /alerts     Alertmanager's webhook payload (version 4)
    GET  /alerts     the notifications received so far (up to 200), each with "receivedAt" (Unix seconds)
    GET  /-/ready    200 once listening

Usage: alert-sink.py [--host 127.0.0.1] [--port 9095] [--log .run/logs/alerts.log]
"""
import argparse
import collections
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

KEEP = 200


class Sink:
    def __init__(self, log_path):
        self.log_path = log_path
        self.received = collections.deque(maxlen=KEEP)
        self.lock = threading.Lock()

    def add(self, payload):
        payload["receivedAt"] = time.time()
        with self.lock:
            self.received.append(payload)
            with open(self.log_path, "a", encoding="utf-8") as log:
                log.write(json.dumps(payload, separators=(",", ":")) + "\n")
        for alert in payload.get("alerts", []):
            labels, annotations = alert.get("labels", {}), alert.get("annotations", {})
            print(f"{time.strftime('%H:%M:%S')} {payload.get('receiver', '?'):<7} {alert.get('status', '?'):<8} "
                  f"{labels.get('alertname', '?')} service={labels.get('service', '-')} "
                  f"severity={labels.get('severity', '-')}: {annotations.get('summary', '')} "
                  f"(runbook: {annotations.get('runbook_url', '-')})", flush=True)

    def all(self):
        with self.lock:
            return list(self.received)


def handler_for(sink):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            if self.path != "/alerts":
                return self.reply(404, {"error": f"no such path {self.path}; POST /alerts"})
            try:
                length = int(self.headers.get("Content-Length", "0"))
                payload = json.loads(self.rfile.read(length) or b"null")
            except ValueError as bad:
                return self.reply(400, {"error": f"not an Alertmanager webhook payload: {bad}"})
            if not isinstance(payload, dict):
                return self.reply(400, {"error": "not an Alertmanager webhook payload: not a JSON object"})
            sink.add(payload)
            self.reply(200, {"status": "received"})

        def do_GET(self):
            if self.path == "/-/ready":
                return self.reply(200, {"status": "ready"})
            if self.path == "/alerts":
                return self.reply(200, sink.all())
            self.reply(404, {"error": f"no such path {self.path}; GET /alerts"})

        def reply(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass  # one line per alert is printed by Sink.add; request lines would only add noise

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9095)
    parser.add_argument("--log", default=".run/logs/alerts.log")
    args = parser.parse_args()
    server = ThreadingHTTPServer((args.host, args.port), handler_for(Sink(args.log)))
    print(f"alert sink listening on http://{args.host}:{args.port}/alerts, logging to {args.log}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
