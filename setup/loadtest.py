"""Driver of setup/loadtest: one Odoo server, then two, under concurrent clients.

Usage (setup/loadtest passes the first four): loadtest.py --conf ODOO_CONF --db DBNAME
--odoo ODOO_BIN --logdir DIR [--duration S] [--drain S] [--phases A,B] [--clients N]

The database is fresh (a copy of the installed suite without demo data). The driver
generates a small dataset with the ORM, then for each phase starts the Odoo servers
(2 prefork workers and 2 cron workers each, loopback only), runs the clients for the
fixed time, waits for the crons to drain, stops the servers and checks the database:

- every case a client created exists once (a unique marker in its title, or the
  Message-Id of its mail);
- every case of the phase is acknowledged once (one "Acknowledgement sent to" note);
- every SLA timer that fell due is escalated once (one notice line per timer and level);
- the scanned quantity of each RA line equals the scans the server accepted.

It prints throughput and p50/p95 latency per operation for one server next to two and
exits with 1 on any violation.
"""

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta

import requests

AGENT = "aftersales_flow.group_aftersales_user"
INSPECTOR = "aftersales_returns.group_return_inspector"
PORTAL = "base.group_portal"
# words of the suite's messages asking to try again: expected under concurrency
RETRY_WORDS = ("again", "at this very moment", "concurrent update", "try later")
ACK_NOTE = "Acknowledgement sent to"
TIMED_KINDS = {"response": "First Response", "resolution": "Resolution"}
OPERATIONS = [
    ("create_rpc", "case created over JSON-RPC"),
    ("create_mail", "case created by the mail gateway"),
    ("stage", "stage change of an open case"),
    ("portal_list", "portal: /my/tickets"),
    ("portal_case", "portal: a case page"),
    ("scan", "scan on a shared RA"),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ------------------------------------------------------------------ the database side


class Database:
    """The ORM of the test database, in this process (dataset and checks)."""

    def __init__(self, conf, db):
        import odoo.modules.registry  # noqa: PLC0415 (Odoo is loaded only by the driver)
        import odoo.tools  # noqa: PLC0415

        odoo.tools.config.parse_config(["-c", conf, "-d", db])
        self.registry = odoo.modules.registry.Registry(db)

    def run(self, function, *args):
        from odoo import SUPERUSER_ID, api  # noqa: PLC0415

        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            return function(env, *args)


def prepare(env, clients):
    """Team, calendar, categories, SLA policies, users of one role each, RAs."""
    from odoo import Command, fields  # noqa: PLC0415
    from odoo.tests.common import new_test_user  # noqa: PLC0415

    company = env.company
    # around the clock: the short targets fall due during the run, whatever the day
    calendar = env["resource.calendar"].create(
        {
            "name": "Load test: around the clock",
            "tz": "UTC",
            "attendance_ids": [
                Command.create(
                    {"name": f"Day {day}", "dayofweek": str(day), "hour_from": 0, "hour_to": 24}
                )
                for day in range(7)
            ],
        }
    )
    agents = [
        new_test_user(env, login=f"load_agent{i}", groups=AGENT, email=f"load_agent{i}@example.com")
        for i in range(1, clients + 2)
    ]
    # the mail gateway's user: an agent (the fetchmail script logs in as such a user)
    mailgate = new_test_user(env, login="load_mailgate", groups=AGENT, name="Mail Gateway")
    inspectors = [
        new_test_user(env, login=f"load_inspector{i}", groups=INSPECTOR)
        for i in range(1, clients + 1)
    ]
    customers = [
        new_test_user(
            env, login=f"load_customer{i}", groups=PORTAL, email=f"load_customer{i}@example.com"
        )
        for i in range(1, clients + 1)
    ]
    team = env["helpdesk.ticket.team"].create(
        {
            "name": "Load Test Team",
            "user_id": agents[0].id,
            "user_ids": [Command.set([user.id for user in agents + [mailgate]])],
        }
    )
    categories = env["helpdesk.ticket.category"].create(
        [{"name": name} for name in ("Load: timed", "Load: product", "Load: delivery")]
    )
    env["aftersales.sla.policy"].create(
        [
            {
                # due during the run: first response in 18 s, resolution in 36 s
                "name": "Load test: short targets",
                "sequence": 1,
                "team_ids": [Command.set(team.ids)],
                "category_ids": [Command.set(categories[:1].ids)],
                "calendar_id": calendar.id,
                "response_hours": 0.005,
                "resolution_hours": 0.01,
                "at_risk_percent": 50,
            },
            {
                "name": "Load test: usual targets",
                "sequence": 2,
                "team_ids": [Command.set(team.ids)],
                "calendar_id": calendar.id,
                "ack_hours": 4,
                "response_hours": 8,
                "resolution_hours": 40,
            },
        ]
    )
    stages = env["helpdesk.ticket.stage"].search(
        [("closed", "=", False), "|", ("team_ids", "=", False), ("team_ids", "in", team.ids)]
    )
    products = env["product.product"].create(
        [
            {"name": f"Load Product {i}", "barcode": f"LOAD-PRODUCT-{i}", "is_storable": True}
            for i in range(1, 4)
        ]
    )
    returns = env["aftersales.return"].create(
        [
            {
                "partner_id": customers[0].partner_id.id,
                "line_ids": [
                    Command.create({"product_id": product.id, "quantity": 100000})
                    for product in products
                ],
            }
            for _ in range(2)
        ]
    )
    # approved as the superuser: receiving needs no receipt picking, the scans only count
    returns.write({"state": "approved"})
    # the batch crons run every minute in the test database and at once when due
    crons = env.ref("aftersales_flow.ir_cron_aftersales_acknowledge") | env.ref(
        "aftersales_sla.ir_cron_aftersales_sla_escalation"
    )
    crons.write(
        {
            "active": True,
            "interval_number": 1,
            "interval_type": "minutes",
            "nextcall": fields.Datetime.now(),
        }
    )
    return {
        "agents": [user.login for user in agents],
        "mailgate": mailgate.login,
        "inspectors": [user.login for user in inspectors],
        "customers": [[user.login, user.partner_id.id] for user in customers],
        "team": team.id,
        "categories": categories.ids,
        "stages": stages.ids,
        "returns": returns.ids,
        "barcodes": products.mapped("barcode"),
        "company": company.id,
    }


def scanned_quantities(env, return_ids):
    lines = env["aftersales.return"].browse(return_ids).line_ids
    return {line.id: line.qty_scanned for line in lines}


def drained(env, marker, timed_ids):
    """(acknowledgements pending, due timers not escalated yet) of the phase."""
    now = datetime.now(UTC).replace(tzinfo=None)
    pending = env["helpdesk.ticket"].search_count(
        [("name", "=like", f"{marker}%"), ("aftersales_intake_ack_state", "=", "pending")]
    )
    unescalated = env["aftersales.sla.timer"].search_count(
        [
            ("ticket_id", "in", timed_ids),
            ("deadline", "<=", now),
            ("escalation_level", "<", 2),
            ("status", "not in", ("met", "cancelled", "paused")),
        ]
    )
    return pending, unescalated


def check(env, marker, created, timed_ids, scans_before, accepted, return_ids):
    """The violations of the phase, and a few counts for the report."""
    from odoo.tools import SQL  # noqa: PLC0415

    violations = []
    tickets = env["helpdesk.ticket"].search([("name", "=like", f"{marker}%")])
    names = Counter(tickets.mapped("name"))
    for kind, items in created.items():
        for name, outcome in items:
            count = names.get(name, 0)
            if outcome == "ok" and count != 1:
                violations.append(f"{kind}: the case {name} exists {count} times (expected once)")
            elif outcome != "ok" and count > 1:
                violations.append(f"{kind}: the failed case {name} exists {count} times")
    known = {name for items in created.values() for name, _outcome in items}
    for name, count in names.items():
        if name not in known:
            violations.append(f"a case {name} nobody created exists {count} times")
    # acknowledgements: one note per case, and every case acknowledged
    env.cr.execute(
        SQL(
            "SELECT res_id, count(*) FROM mail_message WHERE model = 'helpdesk.ticket' "
            "AND res_id = ANY(%s) AND body::text LIKE %s GROUP BY res_id",
            tickets.ids,
            f"%{ACK_NOTE}%",
        )
    )
    acks = dict(env.cr.fetchall())
    for ticket in tickets:
        if ticket.aftersales_intake_ack_state != "sent" or acks.get(ticket.id, 0) != 1:
            violations.append(
                f"acknowledgement: {ticket.name} is {ticket.aftersales_intake_ack_state!r} with "
                f"{acks.get(ticket.id, 0)} acknowledgement notes (expected sent, once)"
            )
    # escalation: every due timer breached, one notice line per timer and level
    timers = env["aftersales.sla.timer"].search([("ticket_id", "in", timed_ids)])
    env.cr.execute(
        SQL(
            "SELECT res_id, string_agg(body::text, ' ') FROM mail_message "
            "WHERE model = 'helpdesk.ticket' AND res_id = ANY(%s) GROUP BY res_id",
            timed_ids,
        )
    )
    bodies = dict(env.cr.fetchall())
    now = datetime.now(UTC).replace(tzinfo=None)
    escalated = 0
    for timer in timers.filtered(lambda t: t.kind in TIMED_KINDS):
        label = TIMED_KINDS[timer.kind]
        text = bodies.get(timer.ticket_id.id, "")
        breach = text.count(f"Service level breached: {label} was due")
        risk = text.count(f"Service level at risk: {label} is due")
        due = timer.deadline and timer.deadline <= now
        if due and (timer.escalation_level != 2 or breach != 1 or risk > 1):
            violations.append(
                f"escalation: {timer.ticket_id.name} {label} due {timer.deadline} is "
                f"{timer.status} (level {timer.escalation_level}) with {breach} breach and "
                f"{risk} at-risk notices (expected breached, one notice each)"
            )
        escalated += bool(due)
    # scans: what the lines count is what the server accepted during the phase
    after = scanned_quantities(env, return_ids)
    env.cr.execute(
        SQL(
            "SELECT line_id, sum(quantity) FROM aftersales_return_scan "
            "WHERE line_id = ANY(%s) GROUP BY line_id",
            list(after),
        )
    )
    recorded = dict(env.cr.fetchall())
    for line_id, quantity in after.items():
        delta = quantity - scans_before.get(line_id, 0.0)
        if delta != accepted.get(line_id, 0) or recorded.get(line_id, 0.0) != quantity:
            violations.append(
                f"scans: RA line {line_id} counted {delta:g} this phase "
                f"({recorded.get(line_id, 0.0):g} in its scans, {quantity:g} in all) "
                f"for {accepted.get(line_id, 0)} accepted scans"
            )
    summary = {
        "cases": len(tickets),
        "acknowledged": sum(1 for t in tickets if acks.get(t.id) == 1),
        "timers escalated": escalated,
        "scans counted": sum(after[i] - scans_before.get(i, 0.0) for i in after),
    }
    return violations, summary


# ------------------------------------------------------------------------ the servers


class Server:
    def __init__(self, args, port, name):
        self.port = port
        self.log = os.path.join(args.logdir, f"loadtest-{name}.log")
        command = [
            sys.executable,
            args.odoo,
            "-c",
            args.conf,
            "-d",
            args.db,
            "--http-interface=127.0.0.1",
            f"--http-port={port}",
            f"--gevent-port={free_port()}",
            "--workers=2",
            "--max-cron-threads=2",
            "--limit-time-cpu=120",
            "--limit-time-real=240",
            "--limit-time-real-cron=240",
            f"--logfile={self.log}",
            "--log-level=warn",
        ]
        environ = dict(os.environ)
        try:
            import pkg_resources  # noqa: F401, PLC0415
        except ImportError:
            # the websocket worker's gevent imports it (setup/compat/pkg_resources.py)
            compat = os.path.join(os.path.dirname(os.path.abspath(__file__)), "compat")
            environ["PYTHONPATH"] = os.pathsep.join(
                filter(None, [compat, environ.get("PYTHONPATH")])
            )
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, env=environ)

    def wait_ready(self, timeout=180):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self.process.poll() is not None:
                raise RuntimeError(f"the Odoo server on port {self.port} stopped: see {self.log}")
            try:
                if requests.get(f"{self.url}/web/login", timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(1)
        raise RuntimeError(f"the Odoo server on port {self.port} did not start: see {self.log}")

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# ------------------------------------------------------------------------ the clients


class Stats:
    """Outcomes and latencies of every operation, shared by the client threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.latency = defaultdict(list)
        self.counts = defaultdict(Counter)
        self.samples = defaultdict(list)

    def record(self, operation, outcome, seconds, detail=""):
        with self.lock:
            self.counts[operation][outcome] += 1
            if outcome == "ok":
                self.latency[operation].append(seconds)
            elif detail and len(self.samples[operation, outcome]) < 3:
                self.samples[operation, outcome].append(detail[:300])


class RpcError(Exception):
    def __init__(self, error):
        data = error.get("data") or {}
        self.name = data.get("name", "")
        self.message = data.get("message") or error.get("message", "")
        super().__init__(f"{self.name}: {self.message}")

    @property
    def outcome(self):
        user_error = self.name.startswith("odoo.exceptions.")
        if user_error and any(word in self.message.lower() for word in RETRY_WORDS):
            return "retry"
        return "fail"


class Client:
    def __init__(self, url, db, login):
        self.url = url
        self.session = requests.Session()
        result = self.jsonrpc(
            "/web/session/authenticate", {"db": db, "login": login, "password": login}
        )
        self.uid = result["uid"]

    def jsonrpc(self, path, params):
        response = self.session.post(
            self.url + path,
            json={"jsonrpc": "2.0", "method": "call", "id": 1, "params": params},
            timeout=300,
        )
        response.raise_for_status()
        body = response.json()
        if "error" in body:
            raise RpcError(body["error"])
        return body["result"]

    def call(self, model, method, *args, **kwargs):
        return self.jsonrpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def get(self, path):
        response = self.session.get(self.url + path, timeout=300)
        if response.status_code != 200:
            raise RpcError({"message": f"HTTP {response.status_code} on {path}"})
        if "/web/login" in response.url:
            # a lost session ends on the login page, which answers 200 too
            raise RpcError({"message": f"{path} sent to the login page"})
        return response


class Phase:
    """The clients of one phase and what they saw."""

    def __init__(self, args, data, name, servers):
        self.args = args
        self.data = data
        self.name = name
        self.servers = servers
        self.marker = f"LT{name}-{uuid.uuid4().hex[:6]}"
        self.stats = Stats()
        self.created = defaultdict(list)  # kind -> [(name, outcome)]
        self.accepted = Counter()  # RA line id -> accepted scans
        self.cases = []  # ids of the open cases clients created (stage changes)
        self.customer_cases = defaultdict(list)  # partner id -> case ids
        self.timed = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.sequence = iter(range(1, 10**9))

    def client(self, index, login):
        server = self.servers[index % len(self.servers)]
        return Client(server.url, self.args.db, login)

    def next_name(self, kind):
        with self.lock:
            return f"{self.marker}-{kind}-{next(self.sequence)}"

    def timed_call(self, operation, function):
        start = time.perf_counter()
        try:
            result = function()
        except RpcError as error:
            self.stats.record(operation, error.outcome, 0, str(error))
            return None
        except requests.RequestException as error:
            self.stats.record(operation, "fail", 0, repr(error))
            return None
        self.stats.record(operation, "ok", time.perf_counter() - start)
        return result

    # the kinds of clients

    def login(self, kind, index):
        """The client of one thread, logged in on its server before the clock starts."""
        data = self.data
        if kind == "rpc_creator":
            return self.client(index, data["agents"][index % len(data["agents"])])
        if kind == "mail_gateway":
            return self.client(index, data["mailgate"])
        if kind == "stage_changer":
            return self.client(index + 1, data["agents"][(index + 1) % len(data["agents"])])
        if kind == "portal_customer":
            return self.client(index, data["customers"][index % len(data["customers"])][0])
        inspector = self.client(index, data["inspectors"][index % len(data["inspectors"])])
        for return_id in data["returns"]:
            # the screen opens the RA first
            inspector.call("aftersales.return.scan", "load_return", return_id)
        return inspector

    def rpc_creator(self, index, agent):
        customers = self.data["customers"]
        while not self.stop.is_set():
            name = self.next_name("rpc")
            partner_id = random.choice(customers)[1]
            vals = {
                "name": name,
                "description": f"<p>Load test case {name}</p>",
                "team_id": self.data["team"],
                "category_id": random.choice(self.data["categories"][1:]),
                "partner_id": partner_id,
            }
            ticket_id = self.timed_call(
                "create_rpc", lambda vals=vals: agent.call("helpdesk.ticket", "create", vals)
            )
            with self.lock:
                self.created["create_rpc"].append((name, "ok" if ticket_id else "error"))
                if ticket_id:
                    self.cases.append(ticket_id)
                    self.customer_cases[partner_id].append(ticket_id)

    def mail_gateway(self, index, gateway):
        while not self.stop.is_set():
            name = self.next_name("mail")
            message = (
                f"Message-Id: <{name}@loadtest.example.com>\r\n"
                f'From: "Customer {name}" <{name.lower()}@example.com>\r\n'
                "To: support@example.com\r\n"
                f"Subject: {name}\r\n"
                f"Date: {datetime.now(UTC):%a, %d %b %Y %H:%M:%S +0000}\r\n"
                "Content-Type: text/plain; charset=utf-8\r\n\r\n"
                f"My order does not work ({name}).\r\n"
            )
            ticket_id = self.timed_call(
                "create_mail",
                lambda message=message: gateway.call(
                    "mail.thread",
                    "message_process",
                    "helpdesk.ticket",
                    message,
                    custom_values={"team_id": self.data["team"]},
                ),
            )
            with self.lock:
                self.created["create_mail"].append((name, "ok" if ticket_id else "error"))
                if ticket_id:
                    self.cases.append(ticket_id)

    def stage_changer(self, index, agent):
        while not self.stop.is_set():
            with self.lock:
                ticket_id = random.choice(self.cases) if self.cases else None
            if not ticket_id:
                time.sleep(0.2)
                continue
            stage_id = random.choice(self.data["stages"])
            self.timed_call(
                "stage",
                lambda t=ticket_id, s=stage_id: agent.call(
                    "helpdesk.ticket", "write", [t], {"stage_id": s}
                ),
            )

    def portal_customer(self, index, customer):
        partner_id = self.data["customers"][index % len(self.data["customers"])][1]
        while not self.stop.is_set():
            self.timed_call("portal_list", lambda: customer.get("/my/tickets"))
            with self.lock:
                cases = list(self.customer_cases[partner_id])
            if cases:
                ticket_id = random.choice(cases)
                self.timed_call("portal_case", lambda t=ticket_id: customer.get(f"/my/ticket/{t}"))

    def inspector(self, index, inspector):
        scan_model = "aftersales.return.scan"
        while not self.stop.is_set():
            return_id = random.choice(self.data["returns"])
            barcode = random.choice(self.data["barcodes"])
            start = time.perf_counter()
            try:
                result = inspector.call(scan_model, "scan", return_id, barcode)
            except (RpcError, requests.RequestException) as error:
                outcome = error.outcome if isinstance(error, RpcError) else "fail"
                self.stats.record("scan", outcome, 0, str(error))
                continue
            if result.get("status") == "ok":
                self.stats.record("scan", "ok", time.perf_counter() - start)
                with self.lock:
                    self.accepted[result["line"]["id"]] += 1
            else:
                message = result.get("message") or ""
                outcome = "retry" if "again" in message.lower() else "fail"
                self.stats.record("scan", outcome, 0, f"{result.get('status')}: {message}")

    def create_timed_cases(self, count=4):
        """Cases of the short-target policy, received now: their timers fall due in the run."""
        agent = self.client(0, self.data["agents"][0])
        now = datetime.now(UTC).replace(microsecond=0)
        vals_list = [
            {
                "name": self.next_name("timed"),
                "description": "<p>Load test: a case whose targets fall due in the run</p>",
                "team_id": self.data["team"],
                "category_id": self.data["categories"][0],
                "partner_id": self.data["customers"][0][1],
                "aftersales_received_at": (now - timedelta(seconds=i)).strftime(
                    "%Y-%m-%d %H:%M:%S"
                ),
            }
            for i in range(count)
        ]
        ids = agent.call("helpdesk.ticket", "create", vals_list)
        self.timed = ids
        self.created["timed"] = [(vals["name"], "ok") for vals in vals_list]

    def run(self, duration):
        self.create_timed_cases()
        clients = self.args.clients
        kinds = [
            self.rpc_creator,
            self.mail_gateway,
            self.stage_changer,
            self.portal_customer,
            self.inspector,
        ]
        # log in first (each client on its server, which also loads every worker's
        # registry), then start the clock together
        threads = []
        errors = []
        ready = threading.Barrier(len(kinds) * clients + 1)

        def guarded(target, index):
            try:
                client = self.login(target.__name__, index)
            except Exception as error:  # noqa: BLE001 (reported, fails the phase)
                errors.append(f"{target.__name__} {index} could not log in: {error!r}")
                client = None
            ready.wait()
            if client is None:
                return
            try:
                target(index, client)
            except Exception as error:  # noqa: BLE001 (reported, fails the phase)
                errors.append(f"{target.__name__} {index}: {error!r}")

        for kind in kinds:
            for index in range(clients):
                threads.append(threading.Thread(target=guarded, args=(kind, index), daemon=True))
        for thread in threads:
            thread.start()
        ready.wait()
        start = time.monotonic()
        time.sleep(duration)
        self.stop.set()
        for thread in threads:
            thread.join(300)
        self.elapsed = time.monotonic() - start
        return errors


# ----------------------------------------------------------------------------- report


def percentile(values, share):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def report(results):
    phases = list(results)
    header = "| operation |" + "".join(
        f" {phase}: ok/s | p50 ms | p95 ms | retries | failures |" for phase in phases
    )
    print()
    print(header)
    print("| --- |" + " --- | --- | --- | --- | --- |" * len(phases))
    for operation, label in OPERATIONS:
        row = f"| {label} |"
        for phase in phases:
            stats, elapsed = results[phase]["stats"], results[phase]["elapsed"]
            counts = stats.counts[operation]
            latency = stats.latency[operation]
            p50, p95 = percentile(latency, 0.5), percentile(latency, 0.95)
            row += (
                f" {counts['ok'] / elapsed:.1f} |"
                f" {p50 * 1000 if p50 is not None else 0:.0f} |"
                f" {p95 * 1000 if p95 is not None else 0:.0f} |"
                f" {counts['retry']} | {counts['fail']} |"
            )
        print(row)
    for phase in phases:
        stats = results[phase]["stats"]
        for (operation, outcome), samples in sorted(stats.samples.items()):
            for sample in samples:
                print(f"  {phase} {operation} {outcome}: {sample}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--conf", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--odoo", required=True)
    parser.add_argument("--logdir", required=True)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--drain", type=float, default=240)
    parser.add_argument("--phases", default="A,B")
    parser.add_argument("--clients", type=int, default=2)
    args = parser.parse_args()
    phases = [phase.strip().upper() for phase in args.phases.split(",") if phase.strip()]
    if not phases or set(phases) - {"A", "B"}:
        parser.error("--phases takes A, B or A,B")
    if args.duration <= 0 or args.clients < 1:
        parser.error("--duration and --clients must be positive")

    database = Database(args.conf, args.db)
    data = database.run(prepare, args.clients)
    print(f"dataset: {json.dumps(data)}", flush=True)
    results = {}
    failed = False
    for phase_name in phases:
        count = 1 if phase_name == "A" else 2
        label = f"{phase_name} ({count} server{'s' if count > 1 else ''})"
        servers = [Server(args, free_port(), f"{phase_name}{i}") for i in range(count)]
        try:
            for server in servers:
                server.wait_ready()
            phase = Phase(args, data, phase_name, servers)
            scans_before = database.run(scanned_quantities, data["returns"])
            print(f"phase {label}: {args.duration:g} s of load", flush=True)
            errors = phase.run(args.duration)
            # the crons finish their work: every case acknowledged, every due timer escalated
            end = time.monotonic() + args.drain
            while True:
                pending, unescalated = database.run(drained, phase.marker, phase.timed)
                if not (pending or unescalated) or time.monotonic() > end:
                    break
                time.sleep(3)
            print(
                f"phase {label}: drained in {args.drain - (end - time.monotonic()):.0f} s "
                f"({pending} acknowledgements and {unescalated} escalations left)",
                flush=True,
            )
        finally:
            for server in servers:
                server.stop()
        violations, summary = database.run(
            check,
            phase.marker,
            phase.created,
            phase.timed,
            scans_before,
            dict(phase.accepted),
            data["returns"],
        )
        # an error that is not a "try again" (a server error, a refusal) is a bug
        violations = errors + violations
        for operation, counts in sorted(phase.stats.counts.items()):
            if counts["fail"]:
                violations.append(f"{operation}: {counts['fail']} requests failed")
        results[label] = {"stats": phase.stats, "elapsed": phase.elapsed}
        print(f"phase {label}: {summary}")
        for violation in violations:
            print(f"  VIOLATION: {violation}")
        failed = failed or bool(violations)
    report(results)
    print(
        "\nok/s: successful operations per second over the phase; latencies of the "
        "successful ones; retries: answers asking to try again (expected under concurrency)"
    )
    print("RESULT:", "FAILED (violations above)" if failed else "nothing lost or doubled")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
