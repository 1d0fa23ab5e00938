"""Portal tokens for the cases that have none.

New cases get their portal token when they are created; the cases created before got it
from the first notice to their customer, which wrote the case (and met the agents and
crons writing it at that moment). The update gives one to every case still without.
"""


def migrate(cr, version):
    if version:
        cr.execute(
            "UPDATE helpdesk_ticket SET access_token = gen_random_uuid()::text"
            " WHERE access_token IS NULL"
        )
