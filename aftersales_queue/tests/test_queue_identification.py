from datetime import timedelta
from unittest.mock import patch

from odoo.tests import tagged

from odoo.addons.aftersales_quality.models.quality_issue import AftersalesQualityIssue
from odoo.addons.aftersales_quality.tests.common import QualityCommon
from odoo.addons.queue_job.exception import RetryableJobError

from .common import trap_jobs, with_jobs


@tagged("post_install", "-at_install")
class TestQueueIdentification(QualityCommon):
    """The weekly problem identification queues one job per company, on the
    identification channel; a job proposes its company's issues once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._weekly_identification()
        # category A: 2 cases in each of the 4 previous weeks, 6 this week
        for week in range(1, 5):
            for n in range(2):
                cls._ticket(
                    cls.now - timedelta(days=7 * week + 1, hours=n), category_id=cls.cat_a.id
                )
        for n in range(6):
            cls._ticket(cls.now - timedelta(days=1, hours=n), category_id=cls.cat_a.id)

    def _issues(self):
        return self.env["aftersales.quality.issue"].search([("company_id", "=", self.company.id)])

    def _queue(self, trap):
        with self._no_commit():
            proposed = with_jobs(self.env)["aftersales.quality.issue"]._cron_identify_problems(
                now=self.now
            )
        # nothing proposed by the scheduled action itself: the jobs do it
        self.assertEqual(proposed, 0)
        self.assertFalse(self._issues())
        companies = self.env["res.company"].search([("active", "=", True)])
        trap.assert_jobs_count(len(companies))
        jobs = {job.args[0]: job for job in trap.enqueued_jobs}
        self.assertEqual(set(jobs), set(companies))
        for job in jobs.values():
            self.assertEqual(job.channel, "root.aftersales.identification")
        return jobs

    def test_one_job_per_company(self):
        with trap_jobs() as trap:
            jobs = self._queue(trap)
            jobs[self.company].perform()
        issues = self._issues()
        self.assertEqual(len(issues), 1)
        self.assertEqual(issues.category_id, self.cat_a)
        # the same company's job run again (queued twice, or retried): no second proposal
        with trap_jobs() as trap:
            jobs = self._queue_again(trap)
            jobs[self.company].perform()
        self.assertEqual(self._issues(), issues)

    def _queue_again(self, trap):
        with self._no_commit():
            with_jobs(self.env)["aftersales.quality.issue"]._cron_identify_problems(now=self.now)
        return {job.args[0]: job for job in trap.enqueued_jobs}

    def test_concurrency_error_retries_the_job(self):
        """The job meets a concurrent transaction (PostgreSQL reports a serialization
        failure): it is retried later (RetryableJobError), and the retry runs."""
        Issue = with_jobs(self.env)["aftersales.quality.issue"]
        original = AftersalesQualityIssue._aftersales_identify_company
        failures = []

        def concurrent_update(issue_model, company, now):
            if not failures:
                failures.append(company)
                # the error PostgreSQL raises when another transaction changed the rows
                issue_model.env.cr.execute(
                    "DO $$ BEGIN RAISE EXCEPTION 'could not serialize access'"
                    " USING ERRCODE = 'serialization_failure'; END $$"
                )
            return original(issue_model, company, now)

        with trap_jobs() as trap:
            Issue._aftersales_identify_company(self.company, self.now)
            job = trap.enqueued_jobs[0]
            with patch.object(
                AftersalesQualityIssue, "_aftersales_identify_company", concurrent_update
            ):
                with self.assertRaises(RetryableJobError), self.env.cr.savepoint():
                    job.perform()
                self.assertFalse(self._issues())
                # the retry
                job.perform()
        self.assertEqual(job.retry, 2)
        self.assertEqual(len(self._issues()), 1)
