from odoo import api, models
from odoo.exceptions import AccessError

# What the customer gives when rating a case: their score, their comment, and the flag
# saying the rating was filled; plus what ties a rating to its case and its customer.
RATED_FIELDS = ("rating", "feedback", "consumed", "rated_on")
TARGET_FIELDS = ("res_model_id", "res_model", "res_id", "partner_id")


class RatingRating(models.Model):
    _inherit = "rating.rating"

    # ------------------------------------------------------------ CRUD

    @api.model_create_multi
    def create(self, vals_list):
        if self._aftersales_rating_guarded():
            ticket_model_id = self.env["ir.model"]._get_id("helpdesk.ticket")
            for vals in vals_list:
                if vals.get("res_model_id") == ticket_model_id and any(
                    vals.get(name) for name in RATED_FIELDS
                ):
                    self._aftersales_refuse_rating()
        return super().create(vals_list)

    def write(self, vals):
        if self._aftersales_rating_guarded() and set(vals) & {*RATED_FIELDS, *TARGET_FIELDS}:
            ticket_model_id = self.env["ir.model"]._get_id("helpdesk.ticket")
            if vals.get("res_model_id") == ticket_model_id or any(
                rating.res_model == "helpdesk.ticket" for rating in self
            ):
                self._aftersales_refuse_rating()
        return super().write(vals)

    # ------------------------------------------------------------ business

    @api.model
    def _aftersales_rating_guarded(self):
        """Whether the current user is kept from setting the ratings of cases.

        A case's rating is the customer's: it comes through the rating link of the survey
        email, whose controller applies it as superuser after checking the token. The
        suite's roles (every group under the After-Sales privilege) never set it
        themselves, whatever the door (a form, ``call_kw``, ``rating_apply`` over RPC).
        Users outside the suite's roles keep the rating module's own rules, and so do
        administrators, who may change any rule anyway.
        """
        if self.env.su or self.env.user.has_group("base.group_system"):
            return False
        privilege = self.env.ref("aftersales_flow.privilege_aftersales", raise_if_not_found=False)
        return bool(privilege) and privilege in self.env.user.all_group_ids.privilege_id

    def _aftersales_refuse_rating(self):
        raise AccessError(
            self.env._(
                "The rating of a case is given by the customer, through the link of the "
                "satisfaction survey: it can't be set or changed by hand."
            )
        )
