# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "After-Sales Background Jobs",
    "summary": "Workbooks, problem identification and escalation backlogs run as queue_job "
    "background jobs on channels of their own",
    "version": "19.0.1.0.1",
    "license": "AGPL-3",
    "category": "After-Sales",
    "author": "After-Sales Suite Authors",
    "website": "https://github.com/aftersales-suite/aftersales",
    "depends": ["queue_job", "aftersales_quality", "aftersales_sla"],
    "data": [
        "security/aftersales_queue_security.xml",
        "security/ir.model.access.csv",
        "data/queue_job_channel_data.xml",
        "data/queue_job_function_data.xml",
        "views/aftersales_prepared_workbook_views.xml",
    ],
    "auto_install": True,
}
