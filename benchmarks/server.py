"""Refresh throughput of `xl-addin serve` over real HTTP on loopback (not a test).

    uv run --extra server python -m benchmarks.server [--requests 40] [--clients 1 4]

Starts `xl-addin serve` on a free 127.0.0.1 port, posts the Book JSON of a generated
dashboard (tests/xlwings/payload.py: the sample's layout, 10 or 1,000 indicators x the
sample's months) to the refresh script as xlwings' Office.js client does, and reports
requests per second and latency percentiles, with 1 client and with several at once.
Every request loop is bounded in count; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from tests.server.test_serve_process import free_port, xl_addin_command
from tests.xlwings.payload import book_json, generated_sheets

WARM_UP = 3


def start_server(port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XLWINGS_")}
    env.update(XLWINGS_LICENSE_KEY="noncommercial", DOTENV_PATH=os.devnull)
    with log.open("w") as out:
        process = subprocess.Popen([*xl_addin_command(), "serve", "--port", str(port)],
                                   stdout=out, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/", timeout=2).status_code == 200:
                return process
        except httpx.TransportError:
            time.sleep(0.5)
    process.kill()
    raise SystemExit(f"server did not start:\n{log.read_text()}")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(url: str, body: bytes, requests: int, clients: int) -> dict[str, float]:
    headers = {"content-type": "application/json"}

    def one(client: httpx.Client) -> float:
        start = time.perf_counter()
        response = client.post(url, content=body, headers=headers, timeout=300)
        elapsed = time.perf_counter() - start
        if response.status_code != 200 or not response.json()["actions"]:
            raise SystemExit(f"refresh failed: {response.status_code} {response.text[:300]}")
        return elapsed

    with httpx.Client() as client:
        for _ in range(WARM_UP):
            one(client)
        start = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            latencies = list(pool.map(lambda _: one(client), range(requests)))
        wall = time.perf_counter() - start
    return {"rps": requests / wall, "p50": percentile(latencies, 0.5),
            "p95": percentile(latencies, 0.95), "mean": statistics.fmean(latencies)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 4])
    parser.add_argument("--indicators", type=int, nargs="+", default=[10, 1000])
    args = parser.parse_args()
    port = free_port()
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"xl-addin-serve-{port}.log"
    process = start_server(port, log)
    url = f"http://127.0.0.1:{port}/xlwings/custom-scripts-call/refresh"
    rows = []
    try:
        for indicators in args.indicators:
            body = json.dumps(book_json(generated_sheets(indicators))).encode()
            for clients in args.clients:
                result = measure(url, body, args.requests, clients)
                rows.append((indicators, len(body), clients, result))
                print(f"{indicators} indicators, {clients} client(s): {result}", file=sys.stderr)
    finally:
        process.terminate()
        process.wait(timeout=30)
    print("| indicators | Book JSON | clients | requests/s | p50 (ms) | p95 (ms) |")
    print("|---|---|---|---|---|---|")
    for indicators, size, clients, r in rows:
        print(f"| {indicators:,} | {size / 1024:,.0f} KiB | {clients} | {r['rps']:.1f} | "
              f"{r['p50'] * 1000:.0f} | {r['p95'] * 1000:.0f} |")


if __name__ == "__main__":
    main()
