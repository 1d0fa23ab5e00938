from odoo.addons.queue_job.tests.common import trap_jobs  # noqa: F401

# Under the test runner the suite's work runs at once unless a test asks for jobs
JOBS = {"aftersales_queue_jobs": True}


def with_jobs(env):
    """``env`` asking for background jobs, as a production server does."""
    return env(context=dict(env.context, **JOBS))
