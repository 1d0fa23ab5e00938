"""Batch crons of the suite: claim a batch with SKIP LOCKED, process it, commit, next.

Every scheduled action that works through many records runs through
:func:`aftersales_cron_batches`, so that all of them behave the same under load:

- a batch is claimed with ``FOR NO KEY UPDATE ... SKIP LOCKED``: a row another
  transaction holds (an agent saving the case, a second cron worker, a second
  server) is left for the next batch or run instead of making the batch wait
  or fail, and two workers never process the same row. The lock is the one of
  an update that keeps the row's key: other transactions may go on inserting
  rows that refer to it (a customer's new case refers to their latest case as
  a repeat, a timer to its case). Under REPEATABLE READ, PostgreSQL refuses
  such a reference to a row that a transaction locked ``FOR UPDATE`` and
  changed since the referring one began: the whole request would run again;
- with an SQL condition, the matching ids are read once, then claimed batch by
  batch: a batch costs what its own rows cost, not a look at every matching
  row (with 25,000 timers due, that look took 87 ms at each batch);
- the condition is evaluated again on the locked rows, so a row that another
  worker processed meanwhile is not processed twice;
- each batch commits with its effects (``ir.cron._commit_progress``): a crash
  loses at most the batch in progress, and a rerun resumes where it stopped;
- a batch that fails is rolled back to its savepoint and its rows are taken
  one by one: the row that fails is logged and left for the next run (it is
  not taken again in this run), the other rows of the batch are processed;
- crons run in REPEATABLE READ: a row committed by someone else after the
  transaction's snapshot makes the claim or the batch's writes fail with a
  serialization error, and would again on every retry in that snapshot. Such
  a batch is given up and claimed again after a commit (nothing is pending
  then: the previous batch was committed), which starts a fresh snapshot; only
  after a few conflicts in a row are its rows taken one by one.

The processing must take the rows out of the condition (mark them done), which
is what makes the crons idempotent.
"""

import logging

from psycopg2.extensions import TransactionRollbackError

from odoo import fields
from odoo.fields import Domain
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

LOCKS = {"UPDATE": "UPDATE", "NO KEY UPDATE": "NO KEY UPDATE"}
# serialization conflicts of one batch met in a row before its rows go one by one
SNAPSHOT_RETRIES = 3


def aftersales_cron_batches(
    model, condition, process, batch_size=500, order="id", lock="NO KEY UPDATE"
):
    """Run ``process(records, now)`` on the records of ``model`` matching
    ``condition(now)``, in committed batches of at most ``batch_size``.

    ``condition(now)`` returns a domain (applied with the environment's record
    rules, like a search) or an :class:`~odoo.tools.SQL` condition on the
    model's table (a partial index in mind: it is evaluated once for the ids,
    then again on the locked rows). ``order`` orders the domain's search; an
    SQL condition takes the rows by id. ``now`` is the time of the batch.
    ``lock`` is the row lock: ``"UPDATE"`` only for a process that changes or
    deletes what other rows refer to (see above).

    Returns the number of records processed (the failed ones not counted).
    """
    env = model.env
    cron = env["ir.cron"]
    failed = set()
    total = 0
    conflicts = 0
    # the ids an SQL condition matched, not claimed yet (kept from batch to batch)
    pending = []
    while True:
        now = fields.Datetime.now()
        env.flush_all()
        claim, remaining_count = _aftersales_batch_queries(
            model, condition(now), failed, order, batch_size, lock, pending
        )
        try:
            with env.cr.savepoint():
                ids = claim()
        except TransactionRollbackError:
            if conflicts >= SNAPSHOT_RETRIES:
                _logger.warning(
                    "%s: rows kept changing under the claim, left for the next run", model._name
                )
                break
            conflicts += 1
            if cron._commit_progress() <= 0:
                break
            continue
        if not ids:
            # nothing left that this run may take (done, failed or held elsewhere)
            break
        records = model.browse(ids)
        try:
            with env.cr.savepoint():
                process(records, now)
            done = len(ids)
        except TransactionRollbackError:
            if conflicts < SNAPSHOT_RETRIES:
                _logger.info(
                    "%s: a batch of %s met a concurrent update, claimed again",
                    model._name,
                    len(ids),
                )
                conflicts += 1
                # releases the batch's rows: the next claim takes them in a fresh snapshot
                if cron._commit_progress() <= 0:
                    break
                continue
            done = _aftersales_one_by_one(model, ids, process, now, failed)
        except Exception:
            _logger.warning(
                "%s: a batch of %s failed, its records are taken one by one",
                model._name,
                len(ids),
                exc_info=True,
            )
            done = _aftersales_one_by_one(model, ids, process, now, failed)
        conflicts = 0
        total += done
        env.flush_all()
        if failed:
            # the rows that failed are not left for this run: not counted as remaining
            _claim, remaining_count = _aftersales_batch_queries(
                model, condition(now), failed, order, batch_size, lock, pending
            )
        remaining = remaining_count(now)
        if cron._commit_progress(done, remaining=remaining) <= 0 or not remaining:
            break
    return total


def _aftersales_one_by_one(model, ids, process, now, failed):
    """Process the rows of a failed batch one at a time; a row that fails is added to
    ``failed`` (left for the next run). Returns the number processed."""
    done = 0
    for record in model.browse(ids):
        try:
            with model.env.cr.savepoint():
                process(record, now)
            done += 1
        except Exception:
            _logger.exception("%s: %s left for the next run", model._name, record)
            failed.add(record.id)
    return done


def _aftersales_batch_queries(model, condition, failed, order, batch_size, lock, pending):
    """(function claiming the next batch and returning its ids, function now -> number
    of rows left). ``pending`` holds the ids an SQL condition matched that are not
    claimed yet; the claim updates it."""
    env = model.env
    table = SQL.identifier(model._table)
    if isinstance(condition, SQL):
        skip = SQL(" AND NOT (id = ANY(%s))", sorted(failed)) if failed else SQL()

        def matching_ids():
            env.cr.execute(
                SQL(
                    "SELECT id FROM %(table)s WHERE (%(due)s)%(skip)s ORDER BY id",
                    table=table,
                    due=condition,
                    skip=skip,
                )
            )
            return [row[0] for row in env.cr.fetchall()]

        def claim():
            """Lock the next ids of ``pending`` that still match. The ids are read again
            once the list is used up (the rows that came to match since, those another
            transaction held), at most once per claim: when none of them can be taken,
            the claim returns nothing."""
            read = False
            while True:
                if not pending:
                    if read:
                        return []
                    read = True
                    pending.extend(matching_ids())
                    if not pending:
                        return []
                batch = [id_ for id_ in pending[:batch_size] if id_ not in failed]
                del pending[:batch_size]
                env.cr.execute(
                    SQL(
                        "SELECT id FROM %(table)s WHERE id = ANY(%(batch)s) AND (%(due)s)"
                        " ORDER BY id FOR %(lock)s SKIP LOCKED",
                        table=table,
                        batch=batch,
                        due=condition,
                        lock=SQL(LOCKS[lock]),
                    )
                )
                ids = [row[0] for row in env.cr.fetchall()]
                if ids:
                    return ids

        count = SQL(
            "SELECT COUNT(*) FROM %(table)s WHERE (%(due)s)%(skip)s",
            table=table,
            due=condition,
            skip=skip,
        )

        def remaining_count(_now):
            if pending:
                # an upper bound (another worker may have taken some): the next claim
                # finds out, without a count of every matching row at each batch
                return len(pending)
            env.cr.execute(count)
            return env.cr.fetchone()[0]

        return claim, remaining_count
    domain = Domain(condition)
    if failed:
        domain &= Domain("id", "not in", sorted(failed))
    query = model._search(domain, order=order, limit=batch_size)
    claim_query = SQL(
        "%s FOR %s OF %s SKIP LOCKED",
        query.select(SQL.identifier(model._table, "id")),
        SQL(LOCKS[lock]),
        table,
    )

    def claim():
        env.cr.execute(claim_query)
        return [row[0] for row in env.cr.fetchall()]

    return claim, lambda _now: model.search_count(domain)
