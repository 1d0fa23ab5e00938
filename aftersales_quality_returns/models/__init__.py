from . import helpdesk_ticket, quality_dashboard, quality_issue, quality_monitor_rule, quality_plan
