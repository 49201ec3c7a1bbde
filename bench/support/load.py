"""A bounded load generator: a fixed number of HTTP clients for a fixed time or request count.

    calls = [Call("kiosk", "/k/ABCD2345/"), Call("feed", "/ical/space/7.ics", etag), ...]
    result = run_load(port, calls, clients=8, seconds=10)      # and/or requests=5000
    result.per_second(), result.latency_ms(95), result.statuses()

Each client is a thread with its own http.client connection, kept alive when the server keeps
it (gunicorn's sync workers close it after every response; http.client then reconnects, as a
browser would). Client n walks the shuffled list of calls from its own offset, one request
after the other, so the load is closed: `clients` requests in flight at most, never more.
The generator shares the machine with the server, so it measures its own CPU time (all threads,
from getrusage) to say how much of the machine it took.
"""

import http.client
import resource
import statistics
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Call:
    kind: str  # what the report groups by: "kiosk", "feed", ...
    path: str
    etag: str = ""  # sent as If-None-Match: a subscriber polling with the version it holds


@dataclass(frozen=True, slots=True)
class Answer:
    kind: str
    status: int
    seconds: float  # client latency: request sent to body read
    size: int  # body bytes
    body: bytes = b""  # kept only when asked (run_load(keep_bodies=True))


@dataclass
class LoadResult:
    answers: list[Answer]
    wall_seconds: float
    client_cpu_seconds: float  # the generator's own CPU, all threads
    errors: list[str] = field(default_factory=list)
    # Filled in by the caller from the server's access log: (kind, status) → µs per request.
    server_micros: dict[tuple[str, int], list[int]] = field(default_factory=dict)

    def of(self, kind: str | None = None) -> list[Answer]:
        return [a for a in self.answers if kind is None or a.kind == kind]

    def per_second(self, kind: str | None = None) -> float:
        return len(self.of(kind)) / self.wall_seconds if self.wall_seconds else 0.0

    def latency_ms(self, percent: int, kind: str | None = None) -> float:
        return percentile([a.seconds * 1000 for a in self.of(kind)], percent)

    def statuses(self, kind: str | None = None) -> Counter:
        return Counter(a.status for a in self.of(kind))

    def server_ms(self, percent: int, kind: str | None = None, status: int | None = None) -> float:
        micros = [
            m
            for (k, s), values in self.server_micros.items()
            if (kind is None or k == kind) and (status is None or s == status)
            for m in values
        ]
        return percentile(micros, percent) / 1000

    @property
    def client_cpu_share(self) -> float:
        """The generator's CPU time as a share of the wall time of one core."""
        return self.client_cpu_seconds / self.wall_seconds if self.wall_seconds else 0.0


def percentile(values: Sequence[float], percent: int) -> float:
    """The nearest-rank percentile (0 when there are no values)."""
    if not values:
        return 0.0
    if len(values) == 1:
        return float(values[0])
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def run_load(
    port: int,
    calls: Sequence[Call],
    *,
    clients: int,
    seconds: float | None = None,
    requests: int | None = None,
    host: str = "127.0.0.1",
    keep_bodies: bool = False,
) -> LoadResult:
    """Send `calls` (cycled) from `clients` concurrent clients until `seconds` have passed or
    `requests` have been sent, whichever comes first (give one or both)."""
    if seconds is None and requests is None:
        raise ValueError("give seconds or requests")
    if not calls:
        raise ValueError("no calls to make")
    lock = threading.Lock()
    sent = 0
    answers: list[list[Answer]] = [[] for _ in range(clients)]
    errors: list[str] = []
    start_line = threading.Barrier(clients + 1)
    deadline = [0.0]

    def take() -> bool:
        nonlocal sent
        if seconds is not None and time.perf_counter() >= deadline[0]:
            return False
        if requests is None:
            return True
        with lock:
            if sent >= requests:
                return False
            sent += 1
            return True

    def client(number: int) -> None:
        connection = http.client.HTTPConnection(host, port, timeout=120)
        position = number * len(calls) // clients
        start_line.wait()
        while take():
            call = calls[position % len(calls)]
            position += 1
            headers = {"If-None-Match": call.etag} if call.etag else {}
            began = time.perf_counter()
            try:
                connection.request("GET", call.path, headers=headers)
                response = connection.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                with lock:
                    errors.append(f"{call.path}: {error!r}")
                continue
            seconds = time.perf_counter() - began
            kept = body if keep_bodies else b""
            answers[number].append(Answer(call.kind, response.status, seconds, len(body), kept))
        connection.close()

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for thread in threads:
        thread.start()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    began = time.perf_counter()
    deadline[0] = began + (seconds or 0)
    start_line.wait()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - usage.ru_utime) + (after.ru_stime - usage.ru_stime)
    return LoadResult(
        answers=[a for mine in answers for a in mine],
        wall_seconds=wall,
        client_cpu_seconds=cpu,
        errors=errors,
    )
