"""When the suite's long work goes to a background job, and how a job meets a
concurrent transaction."""

from contextlib import contextmanager

from psycopg2 import OperationalError

from odoo import tools
from odoo.service.model import PG_CONCURRENCY_ERRORS_TO_RETRY

from odoo.addons.queue_job.exception import RetryableJobError
from odoo.addons.queue_job.utils import must_run_without_delay

# a job that meets a concurrent transaction runs again this many seconds later
RETRY_SECONDS = 10

# the context key a job sets while it runs the work it was queued for
IN_JOB = "aftersales_queue_in_job"


def aftersales_queue_delay(env):
    """True when the long work goes to a background job.

    Not inside the job itself, nor when queue_job says to run now (its
    ``queue_job__no_delay`` context key or ``QUEUE_JOB__NO_DELAY`` environment
    variable). Under the test runner the work runs at once, as without this
    addon, unless the test asks for jobs (``aftersales_queue_jobs`` context key):
    the tests of the base addons keep testing the work itself, which the jobs run
    unchanged, and this addon's tests test the jobs."""
    if env.context.get(IN_JOB) or must_run_without_delay(env):
        return False
    if tools.config["test_enable"]:
        return bool(env.context.get("aftersales_queue_jobs"))
    return True


@contextmanager
def aftersales_retry_on_concurrency():
    """Turn a concurrency error of PostgreSQL (serialization failure, deadlock, a
    row lock not available) into queue_job's RetryableJobError: the job's
    transaction is rolled back and the job runs again a little later."""
    try:
        yield
    except OperationalError as error:
        if error.pgcode not in PG_CONCURRENCY_ERRORS_TO_RETRY:
            raise
        raise RetryableJobError(str(error), seconds=RETRY_SECONDS) from error
