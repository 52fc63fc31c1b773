"""A small closed-loop HTTP load generator for loopback benchmarks.

N concurrent clients, each sending one request at a time over a new connection
(gunicorn's sync workers close every connection), for a fixed time and at most a
fixed number of requests. Only for 127.0.0.1: the benchmark never sends load
anywhere else.
"""

import asyncio
import statistics
import time
from dataclasses import dataclass, field


@dataclass
class Result:
    seconds: float
    latencies: list[float] = field(default_factory=list)  # ms, successful requests only
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _request_bytes(path: str, cookie: str | None) -> bytes:
    lines = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close",
             "User-Agent: portal-bench"]
    if cookie:
        lines.append(f"Cookie: {cookie}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def _one(port: int, payload: bytes) -> int:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(payload)
        await writer.drain()
        data = await reader.read()
    finally:
        writer.close()
    # "HTTP/1.1 200 OK"
    return int(data[9:12]) if len(data) >= 12 else 0


async def _run(port, path, cookie, clients, seconds, max_requests) -> Result:
    payload = _request_bytes(path, cookie)
    deadline = time.perf_counter() + seconds
    result = Result(seconds=seconds)
    budget = [max_requests]

    async def client():
        while time.perf_counter() < deadline and budget[0] > 0:
            budget[0] -= 1
            began = time.perf_counter()
            try:
                status = await asyncio.wait_for(_one(port, payload), timeout=30)
            except (TimeoutError, OSError):
                result.errors += 1
                continue
            result.statuses[status] = result.statuses.get(status, 0) + 1
            if status == 200:
                result.latencies.append((time.perf_counter() - began) * 1000)
            else:
                result.errors += 1

    began = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    result.seconds = time.perf_counter() - began
    return result


def load(port: int, path: str, *, cookie: str | None = None, clients: int = 8,
         seconds: float = 2.0, max_requests: int = 50_000) -> Result:
    """Run `clients` concurrent loops against 127.0.0.1:port for `seconds`."""
    return asyncio.run(_run(port, path, cookie, clients, seconds, max_requests))


def median(values):
    return statistics.median(values) if values else float("nan")
