from datetime import datetime
from unittest.mock import patch

from odoo import Command, fields
from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase


class QualityCommon(TransactionCase):
    """A company with an 8-hour UTC working day (08-12, 13-17, Monday to
    Friday), a team and two categories, so every figure can be computed by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.calendar = cls.env["resource.calendar"].create(
            {
                "name": "Quality test hours",
                "tz": "UTC",
                "attendance_ids": [
                    Command.create(
                        {
                            "name": f"{day} {start}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": start + 4,
                            "day_period": "morning" if start == 8 else "afternoon",
                        }
                    )
                    for day in range(5)
                    for start in (8, 13)
                ],
            }
        )
        cls.company = cls.env["res.company"].create(
            {"name": "Quality Test Co", "resource_calendar_id": cls.calendar.id}
        )
        cls.env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=[cls.company.id, cls.env.company.id])
        )
        cls.env.user.company_ids |= cls.company
        cls.quality_manager = new_test_user(
            cls.env,
            login="qm_quality",
            groups="aftersales_quality.group_quality_manager",
            company_id=cls.company.id,
            company_ids=[Command.set([cls.company.id])],
        )
        cls.agent = new_test_user(
            cls.env,
            login="qm_agent",
            groups="aftersales_flow.group_aftersales_user",
            company_id=cls.company.id,
            company_ids=[Command.set([cls.company.id])],
        )
        cls.manager = new_test_user(
            cls.env,
            login="qm_manager",
            groups="aftersales_flow.group_aftersales_manager",
            company_id=cls.company.id,
            company_ids=[Command.set([cls.company.id])],
        )
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Quality Team", "company_id": cls.company.id}
        )
        cls.cat_a = cls.env["helpdesk.ticket.category"].create({"name": "Damaged goods"})
        cls.cat_b = cls.env["helpdesk.ticket.category"].create({"name": "Late delivery"})
        cls.stage_open = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.Report = cls.env["aftersales.quality.kpi.report"]

    @classmethod
    def _weekly_identification(cls, **settings):
        """The problem identification of the company in weekly periods: four of
        reference, +50 % and at least 5 cases; ``cls.now`` the moment it runs."""
        cls.company.write(
            {
                "aftersales_quality_period_days": 7,
                "aftersales_quality_history_periods": 4,
                "aftersales_quality_threshold_percent": 50,
                "aftersales_quality_min_cases": 5,
                **settings,
            }
        )
        cls.now = fields.Datetime.now()

    @classmethod
    def _ticket(cls, received, closed=None, **vals):
        """A case received at ``received`` (recorded now: every figure counts from its
        reception), closed at ``closed``."""
        ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": vals.pop("name", "Case"),
                "description": "generated",
                "team_id": cls.team.id,
                "company_id": cls.company.id,
                "aftersales_received_at": received,
                **vals,
            }
        )
        if closed:
            cls._close(ticket, closed)
        return ticket

    @classmethod
    def _close(cls, ticket, closed):
        ticket.stage_id = cls.stage_done
        ticket.closed_date = closed
        cls.env.flush_all()

    @classmethod
    def _rate(cls, ticket, value):
        """The customer rates the case, as from the rating link."""
        ticket.rating_apply(value, token=ticket._rating_get_access_token())
        cls.env.flush_all()

    def _as(self, user):
        """``self.env`` as ``user``, working in the test company."""
        return self.env(
            user=user, context=dict(self.env.context, allowed_company_ids=self.company.ids)
        )

    def _no_commit(self):
        """Cron batches commit; inside a test they must not."""
        return patch.object(type(self.env["ir.cron"]), "_commit_progress", return_value=1.0)

    @staticmethod
    def dt(*args):
        return datetime(*args)
