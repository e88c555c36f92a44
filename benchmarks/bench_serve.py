"""Load on `corpus serve` over loopback: requests per second and latency under concurrent clients.

Usage: python benchmarks/bench_serve.py [--size MB] [--seconds S] [--clients 10 50] [--db PATH]

Builds a synthetic corpus of `--size` MB (benchmarks/make_synthetic.py) unless `--db` names a
database, starts `corpus serve` on 127.0.0.1, and for each page and each number of clients runs
that many clients (asyncio, httpx) for `--seconds`, each sending its next request when the last
one is answered. Prints requests per second, p50/p95/p99 latency and failed requests per page.
The clients share the machine with the server (two cores here), so compare runs made on the same
machine in the same state, and ratios rather than absolute figures.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PAGES = {
    "lookup": "/-/lookup?q=Wlassow",
    "faceted table": "/{db}/mentions",  # its default facets: tag, document, entity, cert
    "search page": "/{db}/segments?_search=Vlasov",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    corpus = str(Path(sys.executable).with_name("corpus"))
    server = subprocess.Popen([corpus, "serve", "--db", str(db), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/", timeout=5):
                return server, url
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"corpus serve exited: {server.stderr.read()}") from None
            time.sleep(0.2)
    server.kill()
    raise SystemExit("corpus serve did not start within 60 s")


async def load(url: str, clients: int, seconds: float) -> tuple[list[float], int]:
    import httpx

    latencies: list[float] = []
    failures = 0
    stop = time.monotonic() + seconds

    async def client(http):
        nonlocal failures
        while time.monotonic() < stop:
            start = time.perf_counter()
            try:
                response = await http.get(url)
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            latencies.append(time.perf_counter() - start)
            failures += not ok

    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(timeout=120, limits=limits) as http:
        await asyncio.gather(*(client(http) for _ in range(clients)))
    return latencies, failures


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20, help="synthetic corpus size in MB")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, nargs="+", default=[10, 50])
    parser.add_argument("--db", type=Path, help="serve this database instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        db = args.db
        if db is None:
            tei = Path(scratch) / "tei"
            here = Path(__file__).resolve().parent
            subprocess.run([sys.executable, str(here / "make_synthetic.py"), str(tei),
                            str(args.size)], check=True, stdout=subprocess.DEVNULL)
            db = Path(scratch) / "corpus.db"
            from corpus.index.build import build

            build(tei, db, quiet=True)
        server, base = start_server(db)
        try:
            size = db.stat().st_size / 2**20
            print(f"database {size:.0f} MB; {args.seconds:.0f} s per row")
            print(f"{'page':15} {'clients':>7} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} "
                  f"{'p99 ms':>8} {'failed':>6}")
            for name, path in PAGES.items():
                for clients in args.clients:
                    url = base + path.format(db=db.stem)  # Datasette names it after the file
                    times, failed = asyncio.run(load(url, clients, args.seconds))
                    rate = len(times) / args.seconds
                    print(f"{name:15} {clients:7} {rate:7.1f} "
                          f"{statistics.median(times) * 1000:8.0f} "
                          f"{percentile(times, 0.95) * 1000:8.0f} "
                          f"{percentile(times, 0.99) * 1000:8.0f} {failed:6}", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
