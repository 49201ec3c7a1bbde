"""Book spaces through the API with 16 concurrent clients on PostgreSQL, against a bare DRF
create on the same table without rules (issue 9's target: the API does at least 70 % of the
bare create's requests per second), then let the clients fight over the same slots and check
that no two active bookings overlap anywhere.

    .venv/bin/python bench/booking_create.py [--size small|full] [--clients 16] [--requests N]
                                             [--rounds 3] [--workers 3 --threads 4]

Needs PostgreSQL: without a postgres:// DATABASE_URL it re-runs itself under
scripts/with-postgres (a throwaway cluster). It writes into the shared generated municipality
(bench/support/dataset.py: 500 spaces and a million bookings; `--size small` or
BENCH_SIZE=small: 50 and 20 000) and removes everything it wrote before it ends, so the next
script measures the same data.

- Clients: `--clients` threads in this process, each with its own bench user (a member of one
  of the municipality's associations, booking in its name), its own API token (Token
  authentication, as other municipal systems use the API) and one keep-alive HTTP connection
  (http.client), posting `--requests` bookings to each endpoint in each of `--rounds` turns.
  Every booking has a slot of its own: an hour inside opening hours, free of every booking and
  buffer, on a space and day no other request uses, chosen from the data before the run
  (spaces open to associations, days in the future half of the data). So both endpoints do the
  same successful work without a single clash; a booking the API's rules refuse would be
  counted and shown, not skipped.
- Server: gunicorn on loopback (bench/support/server.py, production-like settings), serving
  both the API (POST /api/v1/bookings/) and bench/support/bare_create.py's bare create (a
  ModelSerializer and CreateAPIView: fields checked, row saved). E-mail goes to Django's
  local-memory backend (EMAIL_BACKEND), so the e-mails are rendered but no mail server is
  waited for.
- Measured: the two endpoints take turns (`--rounds` each, after a warm-up); per endpoint,
  requests per second, client-side latency p50/p95, server time per request from gunicorn's
  access log, and the CPU the clients, the gunicorn workers and the PostgreSQL backends used.
- Contention: for each of a few slots, all clients post overlapping hours on the same space at
  the same moment: exactly one may win (201), every other must get 409.
- Then SQL checks that no two active bookings of a space overlap, buffers included: over the
  whole table (in start order, each booking against the latest end of the space's earlier
  ones), and a self-join (tstzrange overlap) of every booking the run made with every active
  booking of its space. Exits 1 if any overlap, or if the contention did not end with one
  winner per slot, or if the tables do not hold as many rows afterwards as before.
"""

import argparse
import datetime as dt
import http.client
import json
import os
import random
import resource
import statistics
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.support.database import ensure_postgres  # noqa: E402 (the path above first)
from bench.support.dataset import prepared  # noqa: E402

SIZES = {"small": (50, 20_000, 10), "full": (500, 1_000_000, 30)}  # spaces, bookings, requests
REFERENCE = dt.date(2026, 11, 26)  # as bench/reports.py: the data's "today"
TARGET_RATIO = 0.70  # API requests/s against the bare create's
API_PATH = "/api/v1/bookings/"
BARE_PATH = "/bench/bare-bookings/"  # bench/support/bare_create.py
USER_PREFIX = "bench-create-"
SLOT = dt.timedelta(hours=1)
QUARTER = dt.timedelta(minutes=15)
CONTENDED_OFFSETS = 4  # contenders start 0, 15, 30 or 45 minutes in: all overlap pairwise
WARM_UP = 2  # requests per client and endpoint before measuring
ACTIVE = ("requested", "confirmed", "checked_in")
# No two active bookings of a space overlap in [start, blocked_until) (the exclusion
# constraint's rule), over the whole table in one sort: ordered by start, no booking may start
# before the latest blocked_until of the space's earlier ones. (A self-join of a million rows
# took over a minute here; this says the same in seconds.)
ORDERED_CHECK_SQL = """
SELECT count(*) FILTER (WHERE start < earlier_until), count(*),
       array_agg(DISTINCT space_id) FILTER (WHERE start < earlier_until)
FROM (
    SELECT space_id, start, max(blocked_until) OVER (
        PARTITION BY space_id ORDER BY start, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
    ) AS earlier_until
    FROM bookings_booking
    WHERE status IN ('requested', 'confirmed', 'checked_in')
) ordered
"""
# The pairs themselves, by a self-join (tstzrange overlap, probing the constraint's GiST
# index): every booking the benchmark made, and every booking of a space the check above
# flagged, against every other active booking of its space.
PAIRS_SQL = """
SELECT DISTINCT least(a.id, b.id), greatest(a.id, b.id)
FROM bookings_booking a
JOIN bookings_booking b
  ON b.space_id = a.space_id
 AND b.id <> a.id
 AND b.status IN ('requested', 'confirmed', 'checked_in')
 AND tstzrange(b.start, b.blocked_until, '[)') && tstzrange(a.start, a.blocked_until, '[)')
WHERE a.status IN ('requested', 'confirmed', 'checked_in')
  AND (a.space_id = ANY(%(spaces)s)
       OR a.booker_id IN (SELECT id FROM accounts_user WHERE username LIKE %(users)s))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=SIZES, default=os.environ.get("BENCH_SIZE", "full"))
    parser.add_argument("--spaces", type=int, help="default: 500 (full) or 50 (small)")
    parser.add_argument("--bookings", type=int, help="default: 1 000 000 (full) or 20 000")
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument(
        "--requests", type=int, help="per client, endpoint and round; default 30 (full), 10 (small)"
    )
    parser.add_argument("--rounds", type=int, default=3, help="turns per endpoint")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers")
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    parser.add_argument("--contended", type=int, default=6, help="slots fought over")
    parser.add_argument("--seed", type=int, default=None, help="the data's seed")
    parser.add_argument("--reference", type=dt.date.fromisoformat, default=REFERENCE)
    args = parser.parse_args()
    spaces, bookings, requests = SIZES[args.size]
    args.spaces = args.spaces or spaces
    args.bookings = args.bookings or bookings
    args.requests = args.requests or requests

    ensure_postgres()
    sys.exit(run(args))


# --- The run ----------------------------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    summary = prepared(
        "bench/booking_create.py",
        spaces=args.spaces,
        bookings=args.bookings,
        seed=args.seed,
        reference=args.reference,
    )
    from django.db import connection

    from bench.support.server import serve

    steps = Steps()
    remove_bench_rows()  # a run that died before cleaning up
    before = table_counts()
    clients = create_clients(args.clients)
    rng = random.Random(args.seed or 9)  # noqa: S311 (slot choice, not secrets)
    per_endpoint = args.requests * args.rounds + WARM_UP
    try:
        slots, contended = plan_slots(
            summary, count=2 * args.clients * per_endpoint, contended=args.contended, rng=rng
        )
        plans = deal(slots, clients, per_endpoint)
        print(
            f"load: {args.clients} clients, {args.requests} requests per client and endpoint per "
            f"round, {args.rounds} rounds each taking turns (after {WARM_UP} warm-up requests); "
            f"gunicorn {args.workers} workers × {args.threads} threads; slots on "
            f"{len({s.space_id for s in slots})} spaces over "
            f"{len({s.start.date() for s in slots})} days"
        )
        steps.done("users and slots")
        with serve(
            connection.settings_dict["NAME"],
            workers=args.workers,
            threads=args.threads,
            settings_module="bench.support.bare_settings",
            # Every e-mail rendered, then kept in memory: no mail server to wait for.
            env={"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
        ) as server:
            steps.done("server up")
            results = measure(server, clients, plans, args)
            steps.done("load")
            contention = contend(server.port, clients, contended)
            steps.done("contention")
        overlaps = overlap_check()
    finally:
        removed = remove_bench_rows()
        after = table_counts()
        steps.done("check and cleanup")
    report(results, contention, overlaps, args)
    print(
        f"\ncleanup: removed {removed}; the tables hold as many rows as before: "
        f"{'yes' if after == before else f'NO ({before} before, {after} after)'}"
    )
    print(f"time taken: {steps}")
    failed = not overlaps.none or not contention.one_winner_each or after != before
    return 1 if failed else 0


class Steps:
    """How long each step of the run took, for keeping `make bench` short."""

    def __init__(self) -> None:
        self.last = time.perf_counter()
        self.taken: list[tuple[str, float]] = []

    def done(self, name: str) -> None:
        now = time.perf_counter()
        self.taken.append((name, now - self.last))
        self.last = now

    def __str__(self) -> str:
        return ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.taken)


# --- Bench users ------------------------------------------------------------------------------


@dataclass
class Client:
    username: str
    association_id: int
    token: str = ""


def create_clients(count: int) -> list[Client]:
    """Throwaway users, each a member of one association of the municipality, with a token.

    The tokens are made here rather than at the token endpoint: it checks a password with the
    project's hasher (PBKDF2, a million rounds), about a CPU second per client on this machine,
    and it is not what is measured."""
    from rest_framework.authtoken.models import Token

    from accounts.models import User
    from facilities.models import Association, Membership

    users = User.objects.bulk_create(
        User(
            username=f"{USER_PREFIX}{n:02d}",
            email=f"{USER_PREFIX}{n:02d}@bench.example",
            password="!",  # noqa: S106 (unusable: no one logs in as these)
        )
        for n in range(count)
    )
    associations = list(Association.objects.order_by("pk").values_list("pk", flat=True))
    chosen = [associations[n * len(associations) // count] for n in range(count)]
    Membership.objects.bulk_create(
        Membership(association_id=a, user=u, role=Membership.Role.MEMBER)
        for u, a in zip(users, chosen, strict=True)
    )
    tokens = Token.objects.bulk_create(Token(user=u, key=Token.generate_key()) for u in users)
    return [Client(u.username, a, t.key) for u, a, t in zip(users, chosen, tokens, strict=True)]


def remove_bench_rows() -> str:
    """Every booking the bench users made (timeline and the rest cascade), their memberships
    and tokens, and the users; then VACUUM, so the shared tables are as they were."""
    from django.db import connection

    from accounts.models import User
    from bookings.models import Booking

    users = User.objects.filter(username__startswith=USER_PREFIX)
    if not users.exists():
        return "nothing"
    _total, by_model = Booking.objects.filter(booker__in=users).delete()
    _total, by_user = users.delete()
    by_model = Counter(by_model) + Counter(by_user)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE bookings_booking, bookings_timelineentry")
    return ", ".join(f"{n:,} {label.split('.')[-1]}" for label, n in sorted(by_model.items()))


def table_counts() -> dict[str, int]:
    from accounts.models import User
    from bookings.models import Booking, TimelineEntry
    from facilities.models import Membership

    return {
        model.__name__: model.objects.count()
        for model in (Booking, TimelineEntry, User, Membership)
    }


# --- Free slots -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    space_id: int
    start: dt.datetime  # UTC
    end: dt.datetime


def plan_slots(summary, *, count: int, contended: int, rng: random.Random):
    """`count` one-hour slots and `contended` two-hour stretches, each on its own (space, day):
    inside the building's opening hours, clear of every active booking and of the buffers on
    both sides, within each space's notice and advance limits, in the future half of the data.
    """
    from django.utils import timezone

    from bookings.availability import busy_intervals
    from facilities.models import Space
    from facilities.opening_hours import local_zone, open_intervals_for_buildings

    zone = local_zone()
    now = timezone.now()
    spaces = list(
        Space.objects.filter(bookable=True, policy__bookable_by_associations=True)
        .select_related("policy")
        .order_by("pk")
    )
    first = max(summary.reference, (now + dt.timedelta(days=1)).astimezone(zone).date())
    last = min(
        summary.last_day,
        (now + dt.timedelta(days=min(s.policy.max_advance_days for s in spaces) - 1)).date(),
    )
    # Enough days that a third of the (space, day) pairs would do; more only reads more.
    wanted_days = max(14, -(-3 * (count + contended) // len(spaces)))
    last = min(last, first + dt.timedelta(days=wanted_days - 1))
    if last < first:
        raise RuntimeError(f"no days to book: {first} to {last}")
    start = dt.datetime.combine(first, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    opening = open_intervals_for_buildings({s.building_id for s in spaces}, start, end)
    busy = busy_intervals([s.pk for s in spaces], start, end)
    earliest = now + dt.timedelta(minutes=max(s.policy.min_notice_minutes for s in spaces) + 60)

    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    pairs = [(space, day) for space in spaces for day in days]
    rng.shuffle(pairs)
    slots: list[Slot] = []
    stretches: list[Slot] = []
    for space, day in pairs:
        if len(slots) >= count and len(stretches) >= contended:
            break
        day_start = dt.datetime.combine(day, dt.time(), tzinfo=zone).astimezone(dt.UTC)
        day_end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=zone)
        buffer = dt.timedelta(minutes=space.policy.buffer_minutes)
        gaps = free_gaps(
            opening[space.building_id],
            busy.get(space.pk, []),
            max(day_start, earliest),
            day_end.astimezone(dt.UTC),
            buffer,
        )
        need = 2 * SLOT if len(stretches) < contended else SLOT
        gaps = [(s, e) for s, e in gaps if e - s >= need]
        if not gaps:
            continue
        gap_start, gap_end = rng.choice(gaps)
        quarters = int((gap_end - gap_start - need) / QUARTER)
        slot_start = gap_start + QUARTER * rng.randint(0, quarters)
        if need > SLOT:
            stretches.append(Slot(space.pk, slot_start, slot_start + need))
        else:
            slots.append(Slot(space.pk, slot_start, slot_start + SLOT))
    if len(slots) < count or len(stretches) < contended:
        raise RuntimeError(f"found {len(slots)} of {count} free slots; try fewer requests")
    return slots, stretches


def free_gaps(opening, busy, start: dt.datetime, end: dt.datetime, buffer: dt.timedelta):
    """[start, end) stretches inside opening hours where an hour [s, e) with e + buffer before
    the next booking and s at or after the last one's blocked_until fits: the open intervals
    less each active booking's [start - buffer, blocked_until)."""
    taken = sorted((b.start - buffer, b.end) for b in busy)
    gaps = []
    for interval in opening:
        at, stop = max(interval.start, start), min(interval.end, end)
        for taken_start, taken_end in taken:
            if taken_end <= at or taken_start >= stop:
                continue
            if taken_start > at:
                gaps.append((at, taken_start))
            at = max(at, taken_end)
        if stop > at:
            gaps.append((at, stop))
    return [(_ceil_quarter(s), e) for s, e in gaps if e > s]


def _ceil_quarter(moment: dt.datetime) -> dt.datetime:
    """Up to a whole quarter hour (UTC and Copenhagen quarters coincide)."""
    floor = moment.replace(minute=moment.minute - moment.minute % 15, second=0, microsecond=0)
    return floor if floor == moment else floor + QUARTER


def deal(slots: list[Slot], clients: list[Client], per_endpoint: int) -> dict[str, list[list]]:
    """Each client's request bodies for each endpoint: the slots dealt out in turn, so clients
    posting at the same moment are mostly on different spaces, as in real use."""
    plans: dict[str, list[list[bytes]]] = {API_PATH: [], BARE_PATH: []}
    for n, client in enumerate(clients):
        for e, path in enumerate(plans):
            own = slots[(2 * n + e) :: 2 * len(clients)][:per_endpoint]
            plans[path].append([body(client, slot.space_id, slot.start, slot.end) for slot in own])
    return plans


def body(client: Client, space_id: int, start: dt.datetime, end: dt.datetime) -> bytes:
    return json.dumps(
        {
            "space": space_id,
            "start": start.isoformat(),
            "end": end.isoformat(),
            "title": "Bench booking",
            "booker_kind": "association",
            "association": client.association_id,
            "attendees": 1,
        }
    ).encode()


# --- Load -------------------------------------------------------------------------------------


@dataclass
class Phase:
    """One endpoint's requests in one round."""

    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)  # seconds, client side
    statuses: Counter = field(default_factory=Counter)
    refusals: Counter = field(default_factory=Counter)  # error code -> count
    server_micros: list[int] = field(default_factory=list)  # gunicorn's %(D)s
    cpu: dict[str, float] = field(default_factory=dict)  # clients, workers, postgres, machine
    reconnects: int = 0

    def add(self, other: "Phase") -> None:
        self.seconds += other.seconds
        self.latencies += other.latencies
        self.statuses += other.statuses
        self.refusals += other.refusals
        self.server_micros += other.server_micros
        self.reconnects += other.reconnects
        for key, value in other.cpu.items():
            self.cpu[key] = self.cpu.get(key, 0.0) + value

    @property
    def requests(self) -> int:
        return len(self.latencies)


def measure(server, clients: list[Client], plans, args) -> dict[str, Phase]:
    """A warm-up for both endpoints, then `rounds` turns each, bare first in each turn."""
    results = {API_PATH: Phase(), BARE_PATH: Phase()}
    for path in (BARE_PATH, API_PATH):
        load(server, clients, path, [p[:WARM_UP] for p in plans[path]])
    for turn in range(args.rounds):
        for path in (BARE_PATH, API_PATH):
            part = slice(WARM_UP + turn * args.requests, WARM_UP + (turn + 1) * args.requests)
            results[path].add(load(server, clients, path, [p[part] for p in plans[path]]))
    return results


def load(server, clients: list[Client], path: str, bodies: list[list[bytes]]) -> Phase:
    """Every client posts its bodies one after another on its own keep-alive connection; all
    start together. CPU is counted for this process (the clients), the gunicorn processes and
    the PostgreSQL backends serving them."""
    phase = Phase()
    records: list[list[tuple[float, int, bytes]]] = [[] for _ in clients]
    barrier = threading.Barrier(len(clients) + 1)
    reconnects = [0] * len(clients)
    threads = [
        threading.Thread(
            target=_post_all,
            args=(server.port, client.token, path, own, barrier, records[n], reconnects, n),
        )
        for n, (client, own) in enumerate(zip(clients, bodies, strict=True))
    ]
    for thread in threads:
        thread.start()
    server.clear_access_log()
    gunicorn = [server.process.pid, *server.worker_pids]
    cpu_before = _cpu_now(gunicorn)
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    phase.seconds = time.perf_counter() - started
    cpu_after = _cpu_now(gunicorn)
    phase.cpu = {key: cpu_after[key] - cpu_before.get(key, 0.0) for key in cpu_after}
    phase.reconnects = sum(reconnects)
    time.sleep(0.2)  # the access log's last lines
    phase.server_micros = server.request_micros(path)
    for record in records:
        for seconds, status, data in record:
            phase.latencies.append(seconds)
            phase.statuses[status] += 1
            if status >= 400:
                phase.refusals[_error_codes(data)] += 1
    return phase


def _post_all(port, token, path, bodies, barrier, out, reconnects, n) -> None:
    headers = {
        "Authorization": f"Token {token}",
        "Content-Type": "application/json",
        "Accept": "application/json",
    }
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.connect()
    barrier.wait()
    for data in bodies:
        started = time.perf_counter()
        for attempt in range(2):
            try:
                conn.request("POST", path, body=data, headers=headers)
                response = conn.getresponse()
                answer = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed the kept-alive connection (its keep-alive timeout): again.
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                reconnects[n] += 1
                if attempt:
                    raise
        out.append((time.perf_counter() - started, response.status, answer))
    conn.close()


def _error_codes(data: bytes) -> str:
    try:
        answer = json.loads(data)
    except ValueError:
        return data[:80].decode(errors="replace")
    if not isinstance(answer, dict):
        return str(answer)[:80]
    codes = [rule["code"] for rule in answer.get("errors", [])] or [answer.get("code", "?")]
    fields = ",".join(sorted(answer.get("fields", {})))
    return "+".join(codes) + (f" ({fields})" if fields else "")


def _cpu_now(gunicorn_pids: list[int]) -> dict[str, float]:
    """CPU seconds so far: this process (every client thread), the gunicorn processes, the
    PostgreSQL backends connected to our database, and the whole machine (busy, all cores)."""
    from django.db import connection

    usage = resource.getrusage(resource.RUSAGE_SELF)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()"
        )
        backends = [pid for (pid,) in cursor.fetchall()]
    cpu = {
        "clients": usage.ru_utime + usage.ru_stime,
        "workers": sum(_process_cpu(pid) for pid in gunicorn_pids),
    }
    for pid in backends:  # per backend, so one that comes or goes counts from zero
        cpu[f"pg{pid}"] = _process_cpu(pid)
    with open("/proc/stat") as stat:
        fields = [int(x) for x in stat.readline().split()[1:]]
    ticks = os.sysconf("SC_CLK_TCK")
    idle = fields[3] + fields[4]
    cpu["machine_busy"] = (sum(fields[:8]) - idle) / ticks
    cpu["machine_all"] = sum(fields[:8]) / ticks
    return cpu


def _process_cpu(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _postgres_cpu(cpu: dict[str, float]) -> float:
    return sum(value for key, value in cpu.items() if key.startswith("pg"))


# --- Contention -------------------------------------------------------------------------------


@dataclass
class Contention:
    slots: int
    statuses: Counter
    winners: list[int]  # per slot: 201 answers
    active_after: list[int]  # per slot: active bookings in the stretch, from the database
    refusals: Counter
    latencies: list[float]  # seconds, every answer: the losers queue on the space's row lock

    @property
    def one_winner_each(self) -> bool:
        expected = set(self.statuses) <= {201, 409}
        return expected and all(w == 1 for w in self.winners) and set(self.active_after) == {1}


def contend(port: int, clients: list[Client], stretches: list[Slot]) -> Contention:
    """For each stretch in turn, every client posts an hour starting 0, 15, 30 or 45 minutes
    into it, all at the same moment: every two of these overlap."""
    from bookings.models import Booking

    statuses: Counter = Counter()
    refusals: Counter = Counter()
    winners, active_after = [], []
    latencies: list[float] = []
    for stretch in stretches:
        bodies = []
        for n, client in enumerate(clients):
            start = stretch.start + QUARTER * (n % CONTENDED_OFFSETS)
            bodies.append([body(client, stretch.space_id, start, start + SLOT)])
        records: list[list[tuple[float, int, bytes]]] = [[] for _ in clients]
        barrier = threading.Barrier(len(clients))
        reconnects = [0] * len(clients)
        threads = [
            threading.Thread(
                target=_post_all,
                args=(port, client.token, API_PATH, own, barrier, records[n], reconnects, n),
            )
            for n, (client, own) in enumerate(zip(clients, bodies, strict=True))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        answers = [status for record in records for _s, status, _d in record]
        statuses.update(answers)
        for record in records:
            for _s, status, data in record:
                if status not in (201, 409):
                    refusals[_error_codes(data)] += 1
        latencies += [seconds for record in records for seconds, _st, _d in record]
        winners.append(answers.count(201))
        active_after.append(
            Booking.objects.filter(
                space_id=stretch.space_id,
                status__in=ACTIVE,
                start__lt=stretch.end,
                end__gt=stretch.start,
            ).count()
        )
    return Contention(len(stretches), statuses, winners, active_after, refusals, latencies)


@dataclass
class Overlaps:
    active: int  # active bookings in the table
    flagged: int  # that start before an earlier booking of their space is over
    ordered_seconds: float
    checked: int  # bookings the self-join took (the benchmark's, the flagged spaces')
    pairs: list[tuple[int, int]]  # overlapping (id, id)
    pairs_seconds: float

    @property
    def none(self) -> bool:
        return self.flagged == 0 and not self.pairs


def overlap_check() -> Overlaps:
    from django.db import connection
    from django.db.models import Q

    from bookings.models import Booking

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(ORDERED_CHECK_SQL)
        flagged, active, spaces = cursor.fetchone()
        ordered_seconds = time.perf_counter() - started
        started = time.perf_counter()
        cursor.execute(PAIRS_SQL, {"spaces": spaces or [], "users": f"{USER_PREFIX}%"})
        pairs = cursor.fetchall()
    pairs_seconds = time.perf_counter() - started
    checked = Booking.objects.filter(
        Q(space_id__in=spaces or []) | Q(booker__username__startswith=USER_PREFIX),
        status__in=ACTIVE,
    ).count()
    return Overlaps(active, flagged, ordered_seconds, checked, pairs, pairs_seconds)


# --- Report -----------------------------------------------------------------------------------


def _percentile(values: list[float], q: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def _server_cpu(phase: Phase) -> float:
    """Milliseconds of gunicorn and PostgreSQL CPU per request."""
    return (phase.cpu["workers"] + _postgres_cpu(phase.cpu)) / max(phase.requests, 1) * 1000


def report(results: dict[str, Phase], contention: Contention, overlaps, args) -> None:
    print()
    rates = {}
    for label, path in (("API create", API_PATH), ("bare DRF create", BARE_PATH)):
        phase = results[path]
        made = phase.statuses[201]
        rates[path] = made / phase.seconds
        ms = [s * 1000 for s in phase.latencies]
        server = [m / 1000 for m in phase.server_micros]
        cpu = phase.cpu
        machine = cpu["machine_busy"] / cpu["machine_all"] if cpu.get("machine_all") else 0
        print(f"{label} (POST {path}):")
        print(
            f"  {made:,} created of {phase.requests:,} requests in {phase.seconds:.2f} s: "
            f"{rates[path]:,.1f} bookings/s; latency p50 {_percentile(ms, 50):.1f} ms, "
            f"p95 {_percentile(ms, 95):.1f} ms"
        )
        print(
            f"  server time per request (access log, {len(server):,} requests): "
            f"p50 {_percentile(server, 50):.1f} ms, p95 {_percentile(server, 95):.1f} ms, "
            f"mean {statistics.fmean(server) if server else float('nan'):.1f} ms"
        )
        per = max(phase.requests, 1)
        print(
            f"  CPU per request: gunicorn {cpu['workers'] / per * 1000:.2f} ms, PostgreSQL "
            f"{_postgres_cpu(cpu) / per * 1000:.2f} ms, clients {cpu['clients'] / per * 1000:.2f} "
            f"ms; clients used {cpu['clients'] / phase.seconds:.0%} of one core; the machine "
            f"was {machine:.0%} busy"
        )
        others = {s: n for s, n in phase.statuses.items() if s != 201}
        if others:
            print(f"  NOT created: {others}; reasons: {dict(phase.refusals)}")
        if phase.reconnects:
            print(f"  reconnections after the server closed a connection: {phase.reconnects}")
    ratio = rates[API_PATH] / rates[BARE_PATH]
    held = ratio >= TARGET_RATIO
    print(
        f"\nratio API / bare: {ratio:.0%} of the bare create's bookings per second; target "
        f"≥ {TARGET_RATIO:.0%} {'met' if held else 'MISSED'}"
    )
    # On a machine others share, requests per second move with their load; the CPU each
    # booking costs the server and the database moves much less.
    cost = {path: _server_cpu(results[path]) for path in (API_PATH, BARE_PATH)}
    print(
        f"  server CPU per booking (gunicorn + PostgreSQL): API {cost[API_PATH]:.1f} ms, bare "
        f"{cost[BARE_PATH]:.1f} ms; bare / API {cost[BARE_PATH] / cost[API_PATH]:.0%} (what the "
        f"ratio tends to when the CPU is the limit)"
    )
    refused = results[API_PATH].requests - results[API_PATH].statuses[201]
    if refused:
        print(f"  (the API refused {refused} of its requests: the ratio compares unequal work)")

    print(
        f"\ncontention: {args.clients} clients at once on each of {contention.slots} slots "
        f"(overlapping hours on one space): answers {dict(sorted(contention.statuses.items()))}; "
        f"winners per slot {contention.winners}; active bookings per slot afterwards "
        f"{contention.active_after}: "
        f"{'one winner each, the rest 409' if contention.one_winner_each else 'WRONG'}"
    )
    waits = [s * 1000 for s in contention.latencies]
    print(
        f"  answers took p50 {_percentile(waits, 50):.0f} ms, slowest {max(waits):.0f} ms (one "
        f"slot's clients queue on its space's row lock, one transaction at a time)"
    )
    if contention.refusals:
        print(f"  other answers: {dict(contention.refusals)}")
    print(
        f"overlap check, whole table: {overlaps.active:,} active bookings, each against the "
        f"latest blocked_until of its space's earlier ones: "
        f"{'none starts inside another' if not overlaps.flagged else f'{overlaps.flagged} DO'} "
        f"({overlaps.ordered_seconds:.1f} s)"
    )
    shown = ", ".join(f"{a} & {b}" for a, b in overlaps.pairs[:5])
    print(
        f"overlap check, self-join of the {overlaps.checked:,} bookings the benchmark made "
        f"(and any flagged space's) with every active booking of their spaces: "
        f"{f'{len(overlaps.pairs)} overlapping pairs: {shown}' if overlaps.pairs else 'no pair'}"
        f" ({overlaps.pairs_seconds:.1f} s)"
    )


if __name__ == "__main__":
    main()
