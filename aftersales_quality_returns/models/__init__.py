from . import helpdesk_ticket, quality_dashboard, quality_issue
