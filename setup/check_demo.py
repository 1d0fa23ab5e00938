"""Checks the demo scenario of a database installed with ``--with-demo``.

    python setup/check_demo.py -c ODOO_CONF -d DATABASE

Reads the database (nothing is written: the transaction is rolled back) and
prints one line per bullet of the scenario the README promises; exits 1 when
one of them does not hold. ``setup/test`` runs it on its demo database.
"""

import sys
from datetime import timedelta

import odoo
from odoo import api, fields
from odoo.modules.registry import Registry
from odoo.tools import config


class _Undo(Exception):  # noqa: N818 - control flow, not an error
    """Leaves a demo user's step, undoing what it wrote, with its verdict."""

    def __init__(self, ok, detail):
        super().__init__(detail)
        self.ok = ok
        self.detail = detail


class Scenario:
    def __init__(self, env):
        self.env = env
        self.failures = []
        self.count = 0

    def knowledge(self):
        if "document.page" not in self.env or "aftersales_article" not in self.env["document.page"]:
            return
        Page = self.env["document.page"]
        public = Page.search(
            [
                ("aftersales_article", "=", True),
                ("aftersales_visibility", "=", "public"),
                ("aftersales_published", "=", True),
            ]
        )
        langs = set(public.mapped("aftersales_lang"))
        self.check(
            "published public articles in English, Simplified and Traditional Chinese",
            {"en_US", "zh_CN", "zh_TW"} <= langs,
            f"{len(public)} articles: {', '.join(sorted(lang or '-' for lang in langs))}",
        )
        internal = self.ref("aftersales_knowledge.demo_article_carrier_claim")
        self.check(
            "an internal article with an owner and a review date",
            bool(internal)
            and internal.aftersales_visibility == "internal"
            and bool(internal.aftersales_owner_id and internal.aftersales_review_date),
            internal.name if internal else "",
        )
        solved = self.env["aftersales.knowledge.self.solved"].search([])
        self.check(
            "self-solved requests (a customer and a visitor)",
            len(solved) >= 2 and any(solved.mapped("partner_id")),
            ", ".join(solved.mapped("article_id.name")),
        )
        case = self.ref("aftersales_flow.demo_case_damaged")
        if case:
            self.check(
                "articles suggested on a damaged-goods case",
                bool(case.aftersales_suggested_article_ids),
                ", ".join(case.aftersales_suggested_article_ids[:3].mapped("name")),
            )

    def ref(self, xmlid):
        return self.env.ref(xmlid, raise_if_not_found=False)

    def check(self, label, ok, detail=""):
        self.count += 1
        print(f"  [{'ok' if ok else 'FAILED'}] {label}{f': {detail}' if detail else ''}")
        if not ok:
            self.failures.append(label)

    # ------------------------------------------------------------ people

    def people(self):
        teams = [
            self.ref(f"aftersales_flow.demo_team_{name}")
            for name in ("first_line", "complaints", "logistics")
        ]
        self.check("three after-sales teams", all(teams), ", ".join(t.name for t in teams if t))
        roles = {
            "agent": ("aftersales_flow.demo_user_agent", "aftersales_flow.group_aftersales_user"),
            "agent2": (
                "aftersales_flow.demo_user_agent_2",
                "aftersales_flow.group_aftersales_user",
            ),
            "manager": (
                "aftersales_flow.demo_user_manager",
                "aftersales_flow.group_aftersales_manager",
            ),
            "inspector": (
                "aftersales_returns.demo_user_inspector",
                "aftersales_returns.group_return_inspector",
            ),
            "quality": (
                "aftersales_quality.demo_user_quality",
                "aftersales_quality.group_quality_manager",
            ),
        }
        for login, (user_xmlid, group_xmlid) in roles.items():
            user = self.ref(user_xmlid)
            self.check(
                f"login {login} holds {group_xmlid}",
                bool(user) and user.login == login and user.has_group(group_xmlid),
                user.name if user else "missing",
            )
        vip = self.ref("aftersales_flow.demo_customer_zhang")
        self.check("a VIP customer", bool(vip) and vip.aftersales_vip, vip.name if vip else "")

    # ------------------------------------------------------------ time

    def time(self):
        company = self.ref("base.main_company")
        calendar = company.resource_calendar_id
        staff = [self.ref("base.user_admin")] + [
            self.ref(xmlid)
            for xmlid in (
                "aftersales_flow.demo_user_agent",
                "aftersales_flow.demo_user_agent_2",
                "aftersales_flow.demo_user_manager",
                "aftersales_returns.demo_user_inspector",
                "aftersales_quality.demo_user_quality",
            )
        ]
        zones = {calendar.tz, company.partner_id.tz} | {user.tz for user in staff if user}
        self.check(
            "the shop's working hours, address and staff share one time zone",
            zones == {"Asia/Shanghai"},
            ", ".join(sorted(str(zone) for zone in zones)),
        )
        year = fields.Date.today().year
        covered = self.env["resource.calendar"]._aftersales_china_covered_years()
        if year in covered:
            holidays = calendar.global_leave_ids.filtered(
                lambda leave: leave.aftersales_holiday_year == year
            )
            makeup = calendar.aftersales_workday_ids.filtered(lambda day: day.date.year == year)
            self.check(
                f"China's official holidays and make-up working days of {year} in the "
                "shop's working hours, with their source",
                bool(holidays)
                and bool(makeup)
                and str(year) in (calendar.aftersales_holiday_coverage or ""),
                f"{len(holidays)} holidays, {len(makeup)} make-up days; "
                f"{calendar.aftersales_holiday_coverage}",
            )
        breached = self.ref("aftersales_flow.demo_case_breached")
        clocks = breached.aftersales_sla_timer_ids.filtered(lambda t: t.kind in ("ack", "response"))
        self.check(
            "the clocks of the case received ten days ago count from its reception",
            bool(clocks) and set(clocks.mapped("start_date")) == {breached.aftersales_received_at},
            breached.aftersales_received_at and f"received {breached.aftersales_received_at}",
        )

    # ------------------------------------------------------------ cases

    def cases(self):
        Ticket = self.env["helpdesk.ticket"]
        week = Ticket.search([("create_date", ">=", fields.Datetime.now() - timedelta(days=1))])
        week = week.filtered("aftersales_case_kind")
        kinds = dict(Ticket._fields["aftersales_case_kind"].selection)
        missing = set(kinds) - set(week.mapped("aftersales_case_kind"))
        self.check("cases of every kind", not missing, ", ".join(sorted(missing)) or "all")
        channels = self.env["helpdesk.ticket.channel"].search([])
        missing = channels - week.channel_id
        self.check(
            "cases from every channel", not missing, ", ".join(missing.mapped("name")) or "all"
        )
        new = week.filtered(lambda t: not t.user_id and t.stage_id.sequence <= 1)
        self.check("new unassigned cases", len(new) >= 3, f"{len(new)}")
        breached = self.ref("aftersales_flow.demo_case_breached")
        self.check(
            "a case with breached service levels",
            bool(breached)
            and breached.aftersales_sla_status == "breached"
            and "breached" in breached.aftersales_sla_timer_ids.mapped("status")
            and bool(breached.activity_ids),
            breached and f"{breached.name} ({breached.aftersales_sla_status})",
        )
        matrix_priority = breached and Ticket._aftersales_matrix_priority(
            self.env["aftersales.priority.matrix"]._aftersales_lookup(),
            breached.company_id.id,
            breached.aftersales_urgency,
            breached.aftersales_impact,
            breached.partner_id.commercial_partner_id.aftersales_vip,
        )
        self.check(
            "the breach raised the case's priority",
            bool(breached) and int(breached.priority) > int(matrix_priority or "1"),
            breached and f"priority {breached.priority}, matrix {matrix_priority}",
        )
        plans = self.env["aftersales.resolution.plan"].search([])
        self.check(
            "a plan awaiting approval",
            "to_approve" in plans.mapped("state"),
            ", ".join(plans.filtered(lambda p: p.state == "to_approve").mapped("ticket_id.name")),
        )
        waiting = plans.filtered(lambda p: p.state in ("proposed", "countered"))
        self.check("plans awaiting the customer", len(waiting) >= 2, f"{len(waiting)}")
        awaiting = week.filtered(lambda t: t.stage_id.aftersales_waiting)
        self.check("cases waiting for the customer", bool(awaiting), f"{len(awaiting)}")
        rated = week.filtered(lambda t: t.rating_last_value)
        self.check(
            "resolved cases rated 5 (satisfied) and 1 (not satisfied)",
            {5, 1} <= set(rated.mapped(lambda t: round(t.rating_last_value))),
            ", ".join(f"{t.name}: {t.rating_last_value:g}" for t in rated),
        )
        unhappy = rated.filtered(lambda t: t.rating_last_value <= 1)
        self.check(
            "the case rated 1 reopened and flagged Low Satisfaction",
            bool(unhappy)
            and all(t.aftersales_low_satisfaction and not t.stage_id.closed for t in unhappy),
            ", ".join(f"{t.name} ({t.stage_id.name})" for t in unhappy),
        )
        repeat = week.filtered("aftersales_is_repeat")
        self.check(
            "a repeat complaint of the VIP customer",
            any(t.partner_id.aftersales_vip for t in repeat),
            ", ".join(repeat.mapped("name")),
        )

    # ------------------------------------------------------------ agent productivity

    def productivity(self):
        env = self.env
        Ticket = env["helpdesk.ticket"].with_context(active_test=False)
        canned = env["mail.canned.response"].search([("source", "in", ("ack", "ack-cn", "ack-tw"))])
        self.check(
            "canned replies in English, 简体中文 and 繁體中文 (::ack, ::ack-cn, ::ack-tw)",
            len(canned) == 3,
            ", ".join(canned.mapped("source")),
        )
        replies = env["mail.template"].search(
            [("model", "=", "helpdesk.ticket"), ("name", "ilike", "reply")]
        )
        self.check("reply templates filled from the case", len(replies) >= 7, f"{len(replies)}")
        teams = env["helpdesk.ticket.team"].search([("aftersales_assign_method", "!=", "manual")])
        # the demo is installed at any hour: a case of the team is given to a member at
        # work, or waits unassigned with the reason (nobody at work) in its decisions
        handled = (
            env["helpdesk.ticket"]
            .search([("team_id", "in", teams.ids), ("stage_id.closed", "=", False)])
            .filtered(
                lambda t: (
                    t.aftersales_auto_assigned or (not t.user_id and t.aftersales_decision_log)
                )
            )
        )
        self.check(
            "a team assigning its cases automatically (balanced), the reason on each case",
            bool(teams) and bool(handled),
            "; ".join(
                f"{t.name}: {t.user_id.name or (t.aftersales_decision_log or '').splitlines()[-1]}"
                for t in handled[:2]
            ),
        )
        closed = Ticket.search([("aftersales_autoclosed_date", "!=", False)])
        self.check(
            "a case closed for inactivity",
            bool(closed) and all(closed.mapped("stage_id.closed")),
            ", ".join(closed.mapped("name")),
        )
        suggested = Ticket.search([("aftersales_suggested_category_id", "!=", False)])
        self.check(
            "a case with a category suggested from the team's history",
            bool(suggested) and all(suggested.mapped("aftersales_suggested_category_confidence")),
            ", ".join(
                f"{t.name}: {t.aftersales_suggested_category_id.name} "
                f"{t.aftersales_suggested_category_confidence:.0%}"
                for t in suggested[:3]
            ),
        )

    # ------------------------------------------------------------ returns

    def returns(self):
        Return = self.env["aftersales.return"]
        returns = Return.search([])
        states = dict(Return._fields["state"].selection)
        missing = set(states) - set(returns.mapped("state"))
        self.check(
            "return authorizations in every state",
            not missing,
            ", ".join(sorted(missing)) or f"{len(returns)} returns",
        )
        no_barcode = returns.line_ids.product_id.filtered(lambda p: not p.barcode)
        self.check(
            "products of the returns have barcodes",
            not no_barcode,
            ", ".join(no_barcode.mapped("display_name")) or "all",
        )
        # a refund only or a price difference brings no goods back, a reshipment sends some
        with_receipt = returns.filtered(
            lambda r: (
                r.state in ("approved", "received", "done")
                and (r.return_type or "return") == "return"
                and not any(p.picking_type_code == "incoming" for p in r.picking_ids)
            )
        )
        self.check(
            "approved, received and done returns of goods have their receipt",
            not with_receipt,
            ", ".join(with_receipt.mapped("name")),
        )
        discrepancy = returns.filtered(lambda r: r.state == "received" and r.receipt_discrepancy)
        self.check(
            "a received return with a discrepancy",
            bool(discrepancy),
            "; ".join(f"{r.name}: {r.receipt_discrepancy_note}" for r in discrepancy),
        )
        orders = returns.sale_order_id
        delivered = orders.filtered(
            lambda o: o.picking_ids.filtered(
                lambda p: p.picking_type_code == "outgoing" and p.state == "done"
            )
        )
        self.check(
            "returns of delivered orders",
            bool(delivered) and delivered == orders,
            f"{len(delivered)} delivered, "
            f"{len(delivered.filtered(lambda o: o.invoice_ids))} invoiced",
        )
        pickup = returns.filtered(lambda r: r.state == "approved" and r.pickup_requested)
        self.check("an approved return with a courier pickup", bool(pickup), pickup.name or "")
        refunded = returns.filtered(lambda r: r.state == "done" and r.credit_note_ids)
        self.check(
            "a done return refunded with a credit note",
            bool(refunded),
            ", ".join(f"{r.name}: {r.credit_note_ids[:1].state}" for r in refunded),
        )
        serials = returns.filtered(
            lambda r: (
                len(r.line_ids) > 1
                and len(r.line_ids.sale_line_id) == 1
                and len(r.line_ids.lot_id) == len(r.line_ids)
            )
        )
        self.check(
            "a return of two serial numbers of one order line, received",
            bool(serials) and all(r.state in ("received", "done") for r in serials),
            "; ".join(f"{r.name}: {', '.join(r.line_ids.lot_id.mapped('name'))}" for r in serials),
        )
        if "repair_ids" in returns._fields:
            repairs = returns.repair_ids
            self.check(
                "a returned serial number sent to repair (Repairs bridge)",
                bool(repairs.filtered(lambda ro: ro.lot_id and ro.under_warranty)),
                ", ".join(f"{ro.name}: {ro.lot_id.name}" for ro in repairs),
            )
        claims = self.env["aftersales.carrier.claim"].search([("state", "!=", "draft")])
        self.check(
            "a submitted carrier claim",
            bool(claims),
            ", ".join(f"{c.carrier_id.name} ({c.state})" for c in claims),
        )
        report = self.ref("aftersales_returns.action_report_aftersales_return")
        approved = returns.filtered(lambda r: r.state == "approved")[:1]
        html = report._render_qweb_html(report.report_name, approved.ids)[0].decode()
        barcode = approved.line_ids.product_id[:1].barcode
        # the report speaks the customer's language: look for the image, not its caption
        blocks = html.split('class="o_aftersales_return_product_barcode"')[1:]
        self.check(
            "the RA PDF prints the product barcodes",
            bool(barcode)
            and any("data:image/png;base64," in b and f">{barcode}<" in b for b in blocks),
            f"{approved.name}: {barcode}",
        )

    def return_rules(self):
        """The consumer law and the return types: a no-reason return, a three-guarantees
        exchange, a refund-only lost parcel and a transit-damage claim."""

        def law(ra):
            return ra.policy_result_ids.filtered(lambda r: r.rule == "statutory")

        no_reason = self.ref("aftersales_returns.demo_return_no_reason")
        result = law(no_reason)
        self.check(
            "a no-reason return granted by art. 25, counted from the signed receipt",
            result.verdict == "no_reason"
            and result.passed
            and "art. 25" in (result.legal_basis or "")
            and no_reason.line_ids.date_signed_source == "carrier"
            and no_reason.shipping_payer == "buyer"
            and no_reason.state == "done"
            and no_reason.refund_state == "draft"
            and bool(no_reason.refund_deadline),
            f"{no_reason.name}: {result.verdict}, {no_reason.state}, "
            f"refund {no_reason.refund_state} due {no_reason.refund_deadline}",
        )
        exchange = self.ref("aftersales_returns.demo_return_quality_exchange")
        result = law(exchange)
        deliveries = exchange.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing")
        self.check(
            "a three-guarantees exchange (art. 24) delivered through the warehouse's route",
            result.verdict == "quality_exchange"
            and result.passed
            and "art. 24" in (result.legal_basis or "")
            and exchange.shipping_payer == "seller"
            and exchange.state == "done"
            and deliveries.move_ids.product_id == exchange.line_ids.product_id
            and not exchange.credit_note_ids,
            f"{exchange.name}: {result.verdict}, {', '.join(deliveries.mapped('name'))}",
        )
        lost = self.ref("aftersales_returns.demo_return_refund_only_lost")
        line = lost.line_ids
        self.check(
            "a refund-only lost parcel, refunded without goods back and claimed as lost",
            lost.return_type == "refund_only"
            and lost.state == "done"
            and not lost.picking_ids
            and bool(lost.credit_note_ids)
            and line.claim_ids.claim_type == "lost"
            and line.claim_ids.amount_claimed == line.amount_refunded > 0,
            f"{lost.name}: {lost.state}, claim {line.claim_ids.name} "
            f"{line.claim_ids.amount_claimed}",
        )
        damaged = self.ref("aftersales_returns.demo_return_transit_damage")
        line = damaged.line_ids
        self.check(
            "a transit-damaged parcel refunded, scrapped and claimed from the carrier",
            damaged.state == "done"
            and line.disposition == "scrap"
            and bool(damaged.scrap_ids)
            and line.qty_refunded == line.quantity
            and line.claim_ids.claim_type == "damaged"
            and line.claim_ids.amount_claimed == line.amount_refunded > 0,
            f"{damaged.name}: {line.disposition}, refunded {line.amount_refunded}, "
            f"claim {line.claim_ids.name}",
        )

    # ------------------------------------------------------------ quality

    def quality(self):
        env = self.env
        issues = env["aftersales.quality.issue"].search([("state", "=", "proposed")])
        self.check("a proposed quality issue", bool(issues), ", ".join(issues.mapped("name")))
        falling = issues.filtered(lambda issue: issue.kpi == "satisfaction")
        self.check(
            "an issue raised by falling satisfaction, with its test",
            bool(falling) and all(0 < p < 0.05 for p in falling.mapped("p_value")),
            ", ".join(f"{i.name} (p = {i.p_value:.5f})" for i in falling),
        )
        plans = env["aftersales.quality.plan"].search(
            [("state", "=", "evaluated"), ("evaluation_provisional", "=", False)]
        )
        self.check(
            "an evaluated corrective plan (its window passed)",
            bool(plans),
            ", ".join(f"{p.name} ({p.evaluation_result})" for p in plans),
        )
        reviews = env["aftersales.quality.staff.review"].search([])
        self.check(
            "staff reviews of both agents, one with a training need",
            len(reviews.user_id) >= 2 and any(reviews.mapped("training_needed")),
            ", ".join(reviews.user_id.mapped("name")),
        )
        report = env["aftersales.quality.kpi.report"]
        today = fields.Datetime.now()
        months = []
        for index in range(3):
            end = today - timedelta(days=30 * index)
            kpis = report._get_kpis([("date", ">", end - timedelta(days=30)), ("date", "<=", end)])
            months.append(kpis)
        self.check(
            "KPIs over each of the last three months",
            all(k["cases"] and k["closed"] and k["rating"] for k in months),
            " / ".join(f"{k['cases']} cases, rating {k['rating'] or 0:.2f}" for k in months),
        )
        self.check(
            "satisfaction improves over the quarter",
            (months[0]["rating"] or 0) > (months[2]["rating"] or 0),
        )
        Timer = env["aftersales.sla.timer"]
        old = today - timedelta(days=60)
        history = Timer.search([("start_date", "<", old), ("kind", "=", "response")])
        self.check(
            "service-level history (first responses two months back)",
            bool(history) and all(history.mapped("reached_date")),
            f"{len(history)} timers, "
            f"{len(history.filtered(lambda t: t.status == 'breached'))} breached",
        )
        answered = Timer.search([("kind", "=", "response"), ("reached_date", "!=", False)])

        def response_hours(days_from, days_to):
            timers = answered.filtered(
                lambda t: (
                    today - timedelta(days=days_from)
                    < t.start_date
                    <= today - timedelta(days=days_to)
                )
            )
            hours = [(t.reached_date - t.start_date).total_seconds() / 3600 for t in timers]
            return sum(hours) / len(hours) if hours else 0.0

        early, late = response_hours(90, 60), response_hours(30, 0)
        self.check(
            "agents answer faster over the quarter",
            0 < late < early,
            f"first response {early:.1f} h two months ago, {late:.1f} h this month",
        )
        board = env["aftersales.quality.dashboard"].create({})
        self.check(
            "the dashboard shows the last 30 days",
            board.case_count > 0 and board.rating_avg > 0 and board.proposed_issue_count > 0,
            f"{board.case_count} cases, rating {board.rating_avg:.2f}",
        )

    # ------------------------------------------------------------ the demo users at work

    def _as(self, xmlid):
        """The environment of a demo user, with exactly the rights of their role."""
        user = self.ref(xmlid)
        return self.env(user=user.id, su=False) if user else None

    def _attempt(self, label, step):
        """Run one step of a demo user's work; whatever it writes is undone."""
        try:
            with self.env.cr.savepoint(flush=True):
                ok, detail = step()
                self.env.flush_all()
                raise _Undo(ok, detail)
        except _Undo as done:
            self.check(label, done.ok, done.detail)
        except Exception as error:  # noqa: BLE001 - a failed step is the finding
            self.check(label, False, f"{type(error).__name__}: {error}".splitlines()[0])
        self.env.invalidate_all()

    def roles(self):
        """Each demo user runs their part of the flows with their own rights only."""
        agent = self._as("aftersales_flow.demo_user_agent")
        manager = self._as("aftersales_flow.demo_user_manager")
        inspector = self._as("aftersales_returns.demo_user_inspector")
        quality = self._as("aftersales_quality.demo_user_quality")
        if not all((agent, manager, inspector, quality)):
            self.check("the demo users exist", False)
            return

        def agent_submits_the_draft_return():
            ra = agent["aftersales.return"].browse(
                self.ref("aftersales_returns.demo_return_draft").id
            )
            # what the form reads: every field the agent may see
            ra.read(list(ra.fields_get(attributes=["type"])))
            ra.action_check_policy()
            ra.action_submit()
            return ra.state in ("to_approve", "approved"), f"{ra.name}: {ra.state}"

        def agent_creates_a_return_from_a_case():
            # a customer calls about a delivered order: the agent records the case with the
            # order reference, then creates the return from it
            order = self.ref("aftersales_returns.demo_return_draft").sale_order_id
            team = agent.user.helpdesk_team_ids[:1]
            case = agent["helpdesk.ticket"].create(
                {
                    "name": "The shoes do not fit",
                    "description": "<p>Called about the order.</p>",
                    "partner_id": order.partner_id.id,
                    "aftersales_order_ref": order.name,
                    "aftersales_product_id": order.order_line.product_id[:1].id,
                    "team_id": team.id,
                    "user_id": agent.uid,
                }
            )
            action = case.action_create_aftersales_return()
            ra = agent["aftersales.return"].browse(action["res_id"])
            ra.read(list(ra.fields_get(attributes=["type"])))
            return ra.sale_order_id.name == order.name and bool(ra.line_ids), (
                f"{case.number}: {ra.sale_order_id.name or 'no order'}, {len(ra.line_ids)} lines"
            )

        def manager_is_asked_and_approves_the_return():
            ra = manager["aftersales.return"].browse(
                self.ref("aftersales_returns.demo_return_to_approve").id
            )
            asked = ra.activity_ids.user_id
            if not ra.policy_passed:
                # outside the policy (used goods): the manager says why they take it back
                ra.override_reason = "Goodwill: a loyal customer, resold as refurbished."
            ra.action_approve()
            receipt = ra.picking_ids.filtered(lambda p: p.picking_type_code == "incoming")
            return (
                asked == manager.user and ra.state == "approved" and bool(receipt),
                f"{ra.name}: asked {asked.name}, {ra.state}",
            )

        def manager_is_asked_and_approves_the_plan():
            plan = manager["aftersales.resolution.plan"].browse(
                self.ref("aftersales_flow.demo_plan_damaged").id
            )
            plan.action_approve()
            return (
                plan.approver_id == manager.user and plan.state == "approved",
                f"{plan.name}: approver {plan.approver_id.name}, {plan.state}",
            )

        def manager_changes_the_after_sales_settings():
            settings = manager["res.config.settings"].create({"aftersales_followup_days": 5})
            settings.execute()
            company = manager.company
            return company.aftersales_followup_days == 5, (
                f"{company.name}: follow-up within {company.aftersales_followup_days} days"
            )

        def portal_customer_sees_their_returns():
            portal_user = self.env["res.users"].search([("login", "=", "portal")])
            mine = self.env(user=portal_user.id, su=False)["aftersales.return"].search([])
            theirs = mine.filtered(
                lambda r: r.commercial_partner_id != portal_user.commercial_partner_id
            )
            return bool(mine) and not theirs, (
                f"{portal_user.name}: {', '.join(mine.mapped('name'))}"
            )

        def inspector_receives_by_scanning():
            ra = self.ref("aftersales_returns.demo_return_approved")
            Scan = inspector["aftersales.return.scan"]
            screen = Scan.open_return(ra.name)
            barcode = ra.line_ids.product_id[:1].barcode
            answer = Scan.scan(ra.id, barcode)
            return answer.get("status") == "ok", f"{screen['name']}: {answer.get('message', '')}"

        def inspector_reads_no_contact_data():
            customer = self.ref("aftersales_returns.demo_return_approved").partner_id
            partner = inspector["res.partner"].browse(customer.id)
            try:
                partner.read(["email", "phone", "street"])
            except Exception:  # noqa: BLE001 - refused is what we want
                return True, "email, phone and address refused"
            return False, "the inspector reads the customer's contact data"

        def quality_manager_measures():
            board = quality["aftersales.quality.dashboard"].create({})
            rows = quality["aftersales.quality.kpi.report"]._read_group([], aggregates=["__count"])
            workbook = quality["aftersales.quality.xlsx"]._build(board.date_from, board.date_to)
            return board.case_count > 0 and rows[0][0] > 0 and bool(workbook), (
                f"{board.case_count} cases on the dashboard, {rows[0][0]} analysed"
            )

        def quality_manager_reads_the_cost_by_carrier():
            # the Case Analysis grouped by carrier, and the dashboard's cost card over the
            # last 30 days (the demo's costly cases are of the last two weeks)
            rows = quality["aftersales.quality.kpi.report"]._read_group(
                [("carrier_id", "!=", False), ("aftersales_cost_total", "!=", 0)],
                ["carrier_id"],
                ["aftersales_cost_total:sum"],
            )
            cost = quality["aftersales.quality.dashboard"].get_dashboard_data()["cost"]
            carriers = next(d for d in cost["top"] if d["field"] == "carrier_id")["rows"]
            recovered = next(
                p["value"] for p in cost["breakdown"] if p["key"] == "aftersales_cost_recovered"
            )
            return (
                len(rows) >= 2 and len(carriers) >= 2 and cost["value"] > 0 and recovered < 0,
                "; ".join(f"{c['name']} {c['value']:.2f}" for c in carriers)
                + f"; total {cost['value']:.2f}, recovered {recovered:.2f}",
            )

        self._attempt("agent: checks and submits the draft return", agent_submits_the_draft_return)
        self._attempt(
            "agent: creates a return from a case with an order reference",
            agent_creates_a_return_from_a_case,
        )
        self._attempt(
            "manager: is the one asked, and approves the return",
            manager_is_asked_and_approves_the_return,
        )
        self._attempt(
            "manager: is the one asked, and approves the plan",
            manager_is_asked_and_approves_the_plan,
        )
        self._attempt(
            "manager: changes the after-sales settings", manager_changes_the_after_sales_settings
        )
        self._attempt(
            "inspector: opens and scans the approved return", inspector_receives_by_scanning
        )
        self._attempt(
            "portal customer: sees their own returns only", portal_customer_sees_their_returns
        )
        self._attempt("inspector: no customer contact data", inspector_reads_no_contact_data)
        self._attempt(
            "quality manager: dashboard, Case Analysis and workbook", quality_manager_measures
        )
        self._attempt(
            "quality manager: cost of quality by carrier (analysis and dashboard)",
            quality_manager_reads_the_cost_by_carrier,
        )

    # ------------------------------------------------------------ languages

    def translations(self):
        """Menus, actions and field labels of the suite read in Chinese."""
        modules = (
            self.env["ir.module.module"]
            .search([("name", "=like", "aftersales\\_%"), ("state", "=", "installed")])
            .mapped("name")
        )
        langs = self.env["res.lang"].search([("code", "in", ["zh_CN", "zh_TW"])])
        self.check(
            "简体中文 and 繁體中文 installed", len(langs) == 2, ", ".join(langs.mapped("name"))
        )
        data = self.env["ir.model.data"].search(
            [("module", "in", modules), ("model", "in", ["ir.ui.menu", "ir.actions.act_window"])]
        )
        records = [self.env[d.model].browse(d.res_id) for d in data]

        def ours(model):
            return self.env[model].browse(
                self.env["ir.model.data"]
                .search([("module", "in", modules), ("model", "=", model)])
                .mapped("res_id")
            )

        fields_ = ours("ir.model.fields")
        selections = ours("ir.model.fields.selection")
        for lang in langs.mapped("code"):
            english = [
                record.name
                for record in records
                if record.with_context(lang=lang).name == record.with_context(lang="en_US").name
            ]
            english += [
                f"{field.model}.{field.name}"
                for field in fields_
                if field.with_context(lang=lang).field_description
                == field.with_context(lang="en_US").field_description
                and field.name not in ("id", "display_name")
            ]
            english += [
                f"{value.field_id.model}.{value.field_id.name}: {value.name}"
                for value in selections
                if value.with_context(lang=lang).name == value.with_context(lang="en_US").name
            ]
            self.check(
                f"{lang}: menus, actions, field labels and choices translated",
                not english,
                ", ".join(english[:10])
                or f"{len(records)} menus and actions, {len(fields_)} fields, "
                f"{len(selections)} choices",
            )


def main(argv):
    config.parse_config(argv, setup_logging=True)
    dbname = config["db_name"]
    if isinstance(dbname, list):
        dbname = dbname[0]
    registry = Registry(dbname)
    with registry.cursor() as cr:
        env = api.Environment(cr, odoo.SUPERUSER_ID, {})
        scenario = Scenario(env)
        print(f"Demo scenario of {dbname}:")
        for part in (
            scenario.people,
            scenario.time,
            scenario.cases,
            scenario.productivity,
            scenario.returns,
            scenario.return_rules,
            scenario.quality,
            scenario.knowledge,
            scenario.roles,
            scenario.translations,
        ):
            part()
        cr.rollback()
    if scenario.failures:
        print(f"{len(scenario.failures)} demo check(s) failed: {', '.join(scenario.failures)}")
        return 1
    print(f"demo scenario complete ({scenario.count} checks)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
