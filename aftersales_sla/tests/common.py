from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests.common import TransactionCase, new_test_user


class AftersalesSlaCase(TransactionCase):
    """A 9-12 / 13-17 Monday-to-Friday UTC calendar, a team working it, and
    only the test's own policies active; a Shanghai support calendar (9-12 / 13-18,
    Monday to Friday, Asia/Shanghai) for China's official holidays, loaded by the
    tests that need them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.calendar = env["resource.calendar"].create(
            {
                "name": "SLA test hours",
                "tz": "UTC",
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"{day} {part}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": stop,
                            "day_period": part,
                        },
                    )
                    for day in range(5)
                    for start, stop, part in ((9, 12, "morning"), (13, 17, "afternoon"))
                ],
            }
        )
        cls.leader = new_test_user(
            env, login="sla_leader", groups="aftersales_flow.group_aftersales_user"
        )
        cls.agent = new_test_user(
            env, login="sla_agent", groups="aftersales_flow.group_aftersales_user"
        )
        cls.team = env["helpdesk.ticket.team"].create(
            {
                "name": "SLA team",
                "user_id": cls.leader.id,
                "user_ids": [(6, 0, (cls.leader | cls.agent).ids)],
                "aftersales_calendar_id": cls.calendar.id,
            }
        )
        cls.complaint_team = env["helpdesk.ticket.team"].create(
            {"name": "Complaint handling", "aftersales_calendar_id": cls.calendar.id}
        )
        cls.stage_new = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_progress = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        cls.stage_waiting = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_awaiting")
        cls.stage_done = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        (cls.stage_new | cls.stage_progress | cls.stage_waiting | cls.stage_done).write(
            {"team_ids": [(5, 0, 0)], "aftersales_max_hours": 0.0}
        )
        cls.stage_waiting.aftersales_waiting = True
        cls.category_damage = env["helpdesk.ticket.category"].create({"name": "Damaged goods"})
        env["aftersales.sla.policy"].search([]).active = False
        cls.policy = env["aftersales.sla.policy"].create(
            {
                "name": "Test standard",
                "sequence": 50,
                "ack_hours": 4,
                "response_hours": 7,
                "resolution_hours": 14,
                "followup_hours": 21,
                "at_risk_percent": 50,
            }
        )
        cls.partner = env["res.partner"].create({"name": "Customer Co", "is_company": True})
        cls.admin = new_test_user(env, login="sla_admin", groups="base.group_system")
        cls.china_calendar = env["resource.calendar"].create(
            {
                "name": "Shanghai support hours",
                "tz": "Asia/Shanghai",
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"{day} {part}",
                            "dayofweek": str(day),
                            "hour_from": start,
                            "hour_to": stop,
                            "day_period": part,
                        },
                    )
                    for day in range(5)
                    for start, stop, part in ((9, 12, "morning"), (13, 18, "afternoon"))
                ],
            }
        )
        cls.china_agent = new_test_user(
            env,
            login="sla_china_agent",
            groups="aftersales_flow.group_aftersales_user",
            tz="Asia/Shanghai",
        )
        cls.china_team = env["helpdesk.ticket.team"].create(
            {
                "name": "Shanghai desk",
                "user_ids": [(6, 0, cls.china_agent.ids)],
                "aftersales_calendar_id": cls.china_calendar.id,
            }
        )

    # Monday 2 March 2026, 10:00 UTC
    MONDAY_10 = datetime(2026, 3, 2, 10, 0)

    def _ticket(self, **vals):
        values = {
            "name": "Parcel arrived damaged",
            "description": "<p>box crushed</p>",
            "team_id": self.team.id,
            "stage_id": self.stage_new.id,
            "partner_id": self.partner.id,
            "user_id": self.agent.id,
        }
        values.update(vals)
        return self.env["helpdesk.ticket"].create(values)

    def _timer(self, ticket, kind):
        return ticket.aftersales_sla_timer_ids.filtered(lambda t: t.kind == kind)

    def _run_cron(self, when, batch_size=500, commit_progress=None):
        """Run the escalation pass at ``when``; committing is replaced by
        ``commit_progress`` (by default: nothing, the test keeps its transaction)."""

        def no_commit(_cron, processed=0, remaining=None, deactivate=False):
            return 60.0

        with (
            freeze_time(when),
            patch.object(
                type(self.env["ir.cron"]), "_commit_progress", commit_progress or no_commit
            ),
        ):
            return self.env["aftersales.sla.timer"]._cron_escalate(batch_size=batch_size)
