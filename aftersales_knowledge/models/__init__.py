from . import (
    document_page,
    helpdesk_ticket,
    helpdesk_ticket_category,
    knowledge_self_solved,
    knowledge_usage,
    quality_issue,
    quality_kpi_report,
    staff_review,
)
