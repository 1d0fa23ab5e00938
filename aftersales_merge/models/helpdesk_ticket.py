import re
from collections import defaultdict
from datetime import timedelta
from difflib import SequenceMatcher

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Command, Domain
from odoo.tools import is_html_empty

from .mail_thread import FORWARDED_KEY

# Subjects at least this similar (difflib ratio of the normalised subjects) make
# two open cases of a customer possible duplicates. Character based, so it works
# for Chinese subjects, which have no spaces between words.
SUBJECT_SIMILARITY = 0.6
# Messages worth carrying over to the kept case: the conversation and the notes.
# Tracking and system notifications describe the duplicate itself and stay there.
COPIED_MESSAGE_TYPES = ("email", "comment", "email_outgoing")
# Reply and forward prefixes of email subjects (English, German, Chinese).
REPLY_PREFIX = r"^\s*((re|fw|fwd|aw|答复|回复|转发)\s*[:：]\s*)+"
# Messages the system posts in a customer's name (a rating, …): never refused on
# a merged case, unlike what the customer writes there.
SYSTEM_MESSAGE_TYPES = ("notification", "user_notification", "auto_comment", "out_of_office")


# Plans in these states are promises to the customer: a case carrying one is not
# merged away silently.
LIVE_PLAN_STATES = ("to_approve", "approved", "proposed", "accepted", "countered", "executing")


class HelpdeskTicket(models.Model):
    """Merging duplicate cases: the duplicates are closed and marked with helpdesk's own
    ``duplicate_id`` (which the service levels and the acknowledgement react to: the
    request is measured and answered on the kept case), their history copied to the kept
    case, their mail routed there."""

    _inherit = "helpdesk.ticket"

    # ------------------------------------------------------------ fields

    # A merge marks the duplicate with helpdesk's own link, ``duplicate_id`` ("Duplicate
    # of"): the kept case lists its duplicates in ``duplicate_ids``. The merge alone sets
    # it (see ``_aftersales_workflow_field_names``), helpdesk's *Mark as duplicate* merges.
    aftersales_duplicate_count = fields.Integer(
        string="Possible Duplicates",
        compute="_compute_aftersales_duplicate_count",
        help="Open cases of the same customer within the repeat window with a similar "
        "subject, the same order reference or the same product.",
    )

    # ------------------------------------------------------------ computes

    @api.depends(
        "name",
        "aftersales_order_ref",
        "aftersales_product_id",
        "partner_id",
        "aftersales_received_at",
        "stage_id",
        "company_id",
    )
    @api.depends_context("uid")
    def _compute_aftersales_duplicate_count(self):
        duplicates = self._aftersales_possible_duplicates()
        for ticket in self:
            ticket.aftersales_duplicate_count = len(duplicates.get(ticket.id, ()))

    # ------------------------------------------------------------ mail gateway

    def message_update(self, msg, update_vals=None):
        origin = self._aftersales_merge_forwarded_origin()
        if origin and origin._aftersales_merge_is_foreign(self):
            # A reply to another customer's merged case: the people it was written
            # to must not become followers of this case and read its conversation.
            msg = dict(msg, to="", cc="")
        return super().message_update(msg, update_vals=update_vals)

    def message_post(self, **kwargs):
        if len(self) == 1:
            origin = self._aftersales_merge_forwarded_origin()
            if origin and kwargs.get("message_type") == "email":
                kwargs = self._aftersales_merge_forwarded_post_values(origin, kwargs)
                message = super().message_post(**kwargs)
                if origin._aftersales_merge_is_foreign(self.sudo()):
                    # the portal page of a case lists every file attached to it: another
                    # customer's files stay on their own case, linked from the note
                    message.attachment_ids.sudo().write({"res_id": origin.id})
                return message
            if (
                self.duplicate_id
                and kwargs.get("message_type", "notification") not in SYSTEM_MESSAGE_TYPES
                and not self.env.user._is_internal()
            ):
                # a customer writing on the portal of a merged case: the request is
                # handled on the kept case, where nobody would read it here
                raise UserError(self._aftersales_merged_post_refusal())
        return super().message_post(**kwargs)

    def write(self, vals):
        self._aftersales_prefetch_stage_change(vals)
        if (
            vals.get("stage_id")
            and not self.env["helpdesk.ticket.stage"].browse(vals["stage_id"]).closed
        ):
            merged = self.filtered("duplicate_id")
            if merged:
                # its clocks are cancelled and its mail goes to the kept case: reopened,
                # it would be an open case nobody can write to
                raise UserError(
                    self.env._(
                        "Case %(case)s was merged into %(kept)s: the request goes on there, "
                        "reopen that case instead.",
                        case=merged[0].display_name,
                        kept=merged[0].duplicate_id.display_name,
                    )
                )
        return super().write(vals)

    def _track_template(self, tracking):
        res = super()._track_template(tracking)
        if self[:1].duplicate_id:
            # the merge closes the duplicate: its customer is not told "closed", the
            # request goes on in the kept case (and the portal says so)
            res.pop("stage_id", None)
        return res

    # ------------------------------------------------------------ actions

    def action_aftersales_merge_into(self):
        """Open the merge wizard to merge this case into another case of the customer."""
        self.ensure_one()
        return self._aftersales_merge_wizard_action(self, keep=False)

    def action_view_aftersales_duplicates(self):
        """The possible duplicates with this case, to select and merge them."""
        self.ensure_one()
        duplicates = self._aftersales_possible_duplicates().get(self.id, self.browse())
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_merge.action_aftersales_possible_duplicates"
        )
        action["domain"] = [("id", "in", (self | duplicates).ids)]
        return action

    # ------------------------------------------------------------ business: duplicates

    def _aftersales_possible_duplicates(self):
        """{case id: open cases of the same customer that look like the same request}.

        Same company and commercial partner, not closed nor merged, received within
        the company's repeat window, and a similar subject, the same order reference
        or the same product. One search for all the cases, with the user's rights.
        """
        keyed = self.filtered(
            lambda t: (
                t.id and t.commercial_partner_id and t.aftersales_received_at and not t.duplicate_id
            )
        )
        if not keyed:
            return {}
        window = max(keyed.company_id.mapped("aftersales_repeat_days") or [0])
        since = min(keyed.mapped("aftersales_received_at")) - timedelta(days=window)
        until = max(keyed.mapped("aftersales_received_at")) + timedelta(days=window)
        candidates = self.search_fetch(
            Domain("commercial_partner_id", "in", keyed.commercial_partner_id.ids)
            & Domain("company_id", "in", keyed.company_id.ids)
            & Domain("stage_id.closed", "=", False)
            & Domain("duplicate_id", "=", False)
            & Domain("aftersales_received_at", ">=", since)
            & Domain("aftersales_received_at", "<=", until),
            [
                "name",
                "aftersales_order_ref",
                "aftersales_product_id",
                "commercial_partner_id",
                "company_id",
                "aftersales_received_at",
            ],
        )
        by_key = defaultdict(list)
        for candidate in candidates:
            by_key[(candidate.commercial_partner_id.id, candidate.company_id.id)].append(candidate)
        result = {}
        for ticket in keyed:
            days = timedelta(days=ticket.company_id.aftersales_repeat_days)
            subject = self._aftersales_normalised_subject(ticket.name)
            found = [
                candidate.id
                for candidate in by_key[(ticket.commercial_partner_id.id, ticket.company_id.id)]
                if candidate.id != ticket.id
                and abs(candidate.aftersales_received_at - ticket.aftersales_received_at) <= days
                and ticket._aftersales_looks_like(candidate, subject)
            ]
            result[ticket.id] = self.browse(found)
        return result

    def _aftersales_looks_like(self, other, subject):
        self.ensure_one()
        ref = (self.aftersales_order_ref or "").strip().lower()
        if ref and ref == (other.aftersales_order_ref or "").strip().lower():
            return True
        if self.aftersales_product_id and self.aftersales_product_id == other.aftersales_product_id:
            return True
        other_subject = self._aftersales_normalised_subject(other.name)
        return bool(subject and other_subject) and (
            SequenceMatcher(None, subject, other_subject).ratio() >= SUBJECT_SIMILARITY
        )

    @api.model
    def _aftersales_normalised_subject(self, subject):
        # reply and forward prefixes, punctuation and case do not make a request different
        text = re.sub(REPLY_PREFIX, "", subject or "", flags=re.IGNORECASE)
        return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())

    # ------------------------------------------------------------ business: merge

    @api.model
    def _aftersales_merge_wizard_action(self, tickets, keep=False):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Merge Cases"),
            "res_model": "aftersales.ticket.merge.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_ticket_ids": [Command.set(tickets.ids)],
                "default_keep_id": keep.id if keep else False,
            },
        }

    def _aftersales_merge_stage(self):
        """The closing stage a merged duplicate goes to: the company's duplicate stage
        when set, else *Cancelled*, else the first closing stage of the team."""
        self.ensure_one()
        stages = self.team_id._get_applicable_stages().filtered("closed").sorted("sequence")
        preferred = (
            self.company_id.helpdesk_mgmt_duplicate_ticket_stage_id,
            self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_cancelled", raise_if_not_found=False),
        )
        for stage in preferred:
            if stage and stage.closed and stage in stages:
                return stage
        return stages[:1]

    def _aftersales_merge(self, duplicates, internal_only=False):
        """Merge ``duplicates`` into this case (``_aftersales_ensure_can_merge`` ran).

        Messages and attachments are copied, so each duplicate keeps its own
        readable history and the kept case gets the whole conversation; followers
        and tags add up; the duplicates are closed and marked as duplicates of this
        case (helpdesk's ``duplicate_id``: their service-level clocks are cancelled and
        a pending acknowledgement dropped by the features that watch it). Nothing is
        deleted. ``internal_only`` copies the messages as internal notes (cases of
        different customers: one customer must not read the other's conversation on
        the portal).
        """
        self.ensure_one()
        vals_by_duplicate = {
            duplicate.id: self._aftersales_prepare_merge_vals(duplicate) for duplicate in duplicates
        }
        self._aftersales_merge_copy_history(duplicates, internal_only)
        new_followers = duplicates.message_partner_ids - self.message_partner_ids
        if internal_only:
            # a follower reads the case on the portal: only staff and the kept case's
            # own customer follow it, not the other customer
            customer = self.commercial_partner_id
            new_followers = new_followers.filtered(
                lambda partner: (
                    partner.commercial_partner_id == customer
                    or any(not user.share for user in partner.user_ids)
                )
            )
        if new_followers:
            self.message_subscribe(partner_ids=new_followers.ids)
        new_tags = duplicates.tag_ids - self.tag_ids
        if new_tags:
            self.tag_ids = [Command.link(tag.id) for tag in new_tags]
        self._aftersales_merge_repoint(duplicates)
        self._aftersales_merge_post_note(duplicates)
        for duplicate in duplicates:
            # the merge's guards ran: it alone marks a case as a duplicate
            duplicate._aftersales_workflow().write(vals_by_duplicate[duplicate.id])
            duplicate.message_post(
                body=self.env._(
                    "This case was merged into %(case)s.", case=self._aftersales_link()
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )

    def _aftersales_prepare_merge_vals(self, duplicate):
        """What the merge writes on ``duplicate`` merged into this case: the duplicate
        link and its closing stage. Other addons add theirs."""
        self.ensure_one()
        stage = duplicate._aftersales_merge_stage()
        if not stage:
            raise UserError(
                self.env._(
                    "No closing stage is available for case %(case)s.",
                    case=duplicate.display_name,
                )
            )
        return {"duplicate_id": self.id, "stage_id": stage.id}

    # ------------------------------------------------------------ guards

    def _aftersales_ensure_can_merge(self, duplicates, confirm_different_customers=False):
        """Refuse, with a message, to merge ``duplicates`` into this case: nothing to merge,
        a case into itself, another company's case, a closed or already merged case, a
        duplicate with a plan in progress, a case the user may not change, other customers'
        cases without an after-sales manager's confirmation."""
        keep = self
        if len(keep) != 1:
            raise UserError(self.env._("Choose the case to keep."))
        if not duplicates or keep in duplicates:
            raise UserError(
                self.env._("A case cannot be merged into itself: choose another case to keep.")
            )
        cases = keep | duplicates
        cases._aftersales_ensure_can_change_to_merge()
        for case in cases:
            if case.company_id != keep.company_id:
                raise UserError(
                    self.env._(
                        "Cases of different companies are never merged: %(case)s belongs to "
                        "%(company)s, %(keep)s to %(keep_company)s.",
                        case=case.display_name,
                        company=case.company_id.name,
                        keep=keep.display_name,
                        keep_company=keep.company_id.name,
                    )
                )
        if keep.duplicate_id:
            raise UserError(
                self.env._(
                    "Case %(case)s was itself merged into %(target)s: keep that one instead.",
                    case=keep.display_name,
                    target=keep.duplicate_id.display_name,
                )
            )
        if keep.stage_id.closed:
            raise UserError(
                self.env._(
                    "Case %(case)s is closed: reopen it before merging other cases into it.",
                    case=keep.display_name,
                )
            )
        for duplicate in duplicates:
            if duplicate.duplicate_id:
                raise UserError(
                    self.env._(
                        "Case %(case)s was already merged into %(target)s.",
                        case=duplicate.display_name,
                        target=duplicate.duplicate_id.display_name,
                    )
                )
            if duplicate.stage_id.closed:
                raise UserError(
                    self.env._(
                        "Case %(case)s is closed: only open cases are merged into another one.",
                        case=duplicate.display_name,
                    )
                )
            live = duplicate.aftersales_resolution_plan_ids.filtered(
                lambda plan: plan.state in LIVE_PLAN_STATES
            )
            if live:
                raise UserError(
                    self.env._(
                        "Case %(case)s has the resolution plan %(plan)s in progress: finish or "
                        "cancel it before merging the case away.",
                        case=duplicate.display_name,
                        plan=live[0].name,
                    )
                )
        if len(cases.commercial_partner_id) > 1:
            customers = ", ".join(cases.commercial_partner_id.mapped("display_name"))
            if not self.env.user.has_group("aftersales_flow.group_aftersales_manager"):
                raise UserError(
                    self.env._(
                        "These cases belong to different customers (%(customers)s): only an "
                        "after-sales manager can merge them.",
                        customers=customers,
                    )
                )
            if not confirm_different_customers:
                raise UserError(
                    self.env._(
                        "These cases belong to different customers (%(customers)s): tick "
                        '"Merge Different Customers" to confirm.',
                        customers=customers,
                    )
                )

    def _aftersales_ensure_can_change_to_merge(self):
        """Only cases the user may change are merged; confidential ones say so."""
        for case in self:
            if case.has_access("write"):
                continue
            # sudo: the number and the flag explain the refusal; nothing else is shown
            case_sudo = case.sudo()
            if case_sudo.aftersales_confidential:
                raise UserError(
                    self.env._(
                        "Case %(case)s is confidential: only its assignee, the team leader and "
                        "the after-sales managers can merge it.",
                        case=case_sudo.number,
                    )
                )
            raise UserError(
                self.env._(
                    "You cannot change case %(case)s, so you cannot merge it.",
                    case=case_sudo.number,
                )
            )

    @api.model
    def _aftersales_workflow_field_names(self):
        # a case becomes a duplicate by the merge only (helpdesk's link included)
        return super()._aftersales_workflow_field_names() | {"duplicate_id"}

    def _aftersales_merge_copy_history(self, duplicates, internal_only):
        """Copy the duplicates' attachments and conversation onto this case."""
        self.ensure_one()
        # sudo: the merging user may write both cases but not create messages and
        # attachments in the name of their authors; the access to the cases was
        # checked by the wizard.
        Attachment = self.env["ir.attachment"].sudo()
        attachments = Attachment.search(
            [("res_model", "=", self._name), ("res_id", "in", duplicates.ids)], order="id"
        )
        attachment_map = {}
        # Another customer's files are not copied: the kept case's portal page lists
        # its files; the internal notes link the originals, on the merged case.
        if attachments and not internal_only:
            copies = Attachment.create(
                [dict(vals, res_id=self.id) for vals in attachments.copy_data()]
            )
            attachment_map = dict(zip(attachments.ids, copies.ids, strict=True))
        messages = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", self._name),
                    ("res_id", "in", duplicates.ids),
                    ("message_type", "in", COPIED_MESSAGE_TYPES),
                ],
                order="id",
            )
        )
        numbers = {duplicate.id: duplicate.number for duplicate in duplicates}
        note = self.env.ref("mail.mt_note")
        vals_list = []
        for message, vals in zip(messages, messages.copy_data(), strict=True):
            origin = Markup('<p class="text-muted"><em>{}</em></p>').format(
                self.env._("From merged case %(case)s", case=numbers[message.res_id])
            )
            vals.update(
                res_id=self.id,
                body=origin + (message.body or ""),
                starred_partner_ids=[Command.clear()],
                attachment_ids=[
                    Command.set(
                        [attachment_map.get(att.id, att.id) for att in message.attachment_ids]
                    )
                ],
                parent_id=False,
            )
            if internal_only:
                vals.update(subtype_id=note.id, is_internal=True, message_type="comment")
            vals_list.append(vals)
        if vals_list:
            self.env["mail.message"].sudo().create(vals_list)
        evidence = duplicates.aftersales_evidence_attachment_ids
        if evidence:
            self.aftersales_evidence_attachment_ids = [
                Command.link(attachment_map.get(att.id, att.id)) for att in evidence
            ]

    def _aftersales_merge_repoint(self, duplicates):
        """Point what belongs to the duplicates' request at this case.

        Other addons extend it for their own records (return authorizations, …).
        Here: open activities (the work to do moves with the request) and later
        cases flagged as repeats of a duplicate.
        """
        self.ensure_one()
        # sudo: activities of the duplicates may be assigned to other users
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search([("res_model", "=", self._name), ("res_id", "in", duplicates.ids)])
        )
        if activities:
            activities.write({"res_id": self.id})
        repeats = (
            self.sudo()
            .with_context(active_test=False)
            .search([("aftersales_repeat_of_id", "in", duplicates.ids), ("id", "!=", self.id)])
        )
        if repeats:
            # sudo: a repeat link is kept whoever may see the later case
            repeats.with_context(aftersales_classifying=True).write(
                {"aftersales_repeat_of_id": self.id}
            )
        if self.aftersales_repeat_of_id in duplicates:
            self.with_context(aftersales_classifying=True).aftersales_repeat_of_id = (
                self.aftersales_repeat_of_id.aftersales_repeat_of_id
                if self.aftersales_repeat_of_id.aftersales_repeat_of_id != self
                else False
            )

    def _aftersales_merge_post_note(self, duplicates):
        """A note on this case listing each merged case (a link) and its description."""
        self.ensure_one()
        parts = [
            Markup("<p>{}</p>").format(self.env._("Cases merged into this one:")),
            Markup("<ul>"),
        ]
        for duplicate in duplicates:
            parts.append(
                Markup("<li>{} — {}</li>").format(duplicate._aftersales_link(), duplicate.name)
            )
        parts.append(Markup("</ul>"))
        for duplicate in duplicates:
            if is_html_empty(duplicate.description):
                continue
            parts.append(
                Markup("<p><strong>{}</strong></p>").format(
                    self.env._("Description of %(case)s:", case=duplicate.number)
                )
            )
            parts.append(Markup("<blockquote>{}</blockquote>").format(duplicate.description))
        self.message_post(
            body=Markup("").join(parts), message_type="comment", subtype_xmlid="mail.mt_note"
        )

    # ------------------------------------------------------------ business: replies to merged cases

    def _aftersales_merge_final(self):
        """The case a merged case's request is handled on: the end of its
        *Merged Into* chain (a case merged into one that was merged later)."""
        self.ensure_one()
        case, seen = self, {self.id}
        # a chain looping back on itself (edited by hand) stops before going round
        while case.duplicate_id and case.duplicate_id.id not in seen:
            case = case.duplicate_id
            seen.add(case.id)
        return case

    def _aftersales_merge_is_foreign(self, kept):
        """Whether this merged case and the case it ends in have different customers."""
        self.ensure_one()
        return bool(
            self.commercial_partner_id
            and kept.commercial_partner_id
            and self.commercial_partner_id != kept.commercial_partner_id
        )

    @api.model
    def _aftersales_merge_reroute(self, routes, message_dict):
        """The mail gateway's routes with merged cases replaced by their kept case.

        ``routes`` are the gateway's (model, thread id, custom values, user id,
        alias) tuples. A route ending on a case already routed to is dropped, so
        the email is posted once. The kept case and the merged case it replaces
        are recorded in ``message_dict`` for the processing of the email.
        """
        ids = [route[1] for route in routes if route[0] == self._name and route[1]]
        if not ids:
            return routes
        # sudo: the gateway follows a merge whoever wrote the email; nothing is shown
        merged = self.sudo().browse(ids).exists().filtered("duplicate_id")
        if not merged:
            return routes
        forwarded = {}
        rerouted, routed = [], set()
        for route in routes:
            model, thread_id = route[0], route[1]
            if model == self._name and thread_id in merged.ids:
                duplicate = merged.browse(thread_id)
                kept = duplicate._aftersales_merge_final()
                forwarded[kept.id] = duplicate.id
                route = (model, kept.id, *route[2:])
            if route[1] and (route[0], route[1]) in routed:
                continue
            routed.add((route[0], route[1]))
            rerouted.append(route)
        message_dict[FORWARDED_KEY] = forwarded
        return rerouted

    def _aftersales_merge_forwarded_origin(self):
        """The merged case an incoming email being posted here was written to."""
        forwarded = self.env.context.get(FORWARDED_KEY) or {}
        if len(self) != 1 or self.id not in forwarded:
            return self.browse()
        # sudo: the gateway posts on behalf of the sender, who may not read the cases
        return self.sudo().browse(forwarded[self.id])

    def _aftersales_merge_forwarded_post_values(self, origin, kwargs):
        """Values of an email to the merged case ``origin`` posted on this case:
        headed with its origin, and an internal note when the customers differ
        (one customer must not read the other's emails on the portal)."""
        self.ensure_one()
        kwargs = dict(kwargs)
        header = Markup('<p class="text-muted"><em>{}</em></p>').format(
            self.env._("Reply to merged case %(case)s", case=origin.number)
        )
        # a str body is escaped, as message_post does with it
        kwargs["body"] = header + (kwargs.get("body") or "")
        if origin._aftersales_merge_is_foreign(self.sudo()):
            kwargs.update(
                is_internal=True,
                subtype_id=self.env.ref("mail.mt_note").id,
                subtype_xmlid=None,
            )
        return kwargs

    def _aftersales_merged_post_refusal(self):
        """Why a customer may not write on this merged case, and where to write."""
        self.ensure_one()
        # sudo: the kept case is named only when the customer may read it
        kept = self.sudo()._aftersales_merge_final()
        if kept.with_user(self.env.user).has_access("read"):
            return self.env._(
                "This request was merged into %(case)s: please write to us on that case.",
                case=kept.number,
            )
        return self.env._(
            "This request was merged into another case: please reply to our last email "
            "about it, or submit a new request."
        )

    @api.model
    def _aftersales_merge_note_forwarded(self, forwarded, email_from, subject):
        """A note on each merged case saying where an email written to it went."""
        # sudo: the gateway writes on behalf of the sender
        Ticket = self.sudo()
        for kept_id, duplicate_id in forwarded.items():
            kept, duplicate = Ticket.browse(kept_id), Ticket.browse(duplicate_id)
            duplicate.message_post(
                body=self.env._(
                    "An email from %(sender)s (%(subject)s) was posted on %(case)s, the case "
                    "this one was merged into.",
                    sender=email_from or self.env._("an unknown sender"),
                    subject=subject or self.env._("no subject"),
                    case=kept._aftersales_link(),
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )

    def _aftersales_link(self):
        """An internal link to this case, for chatter notes."""
        self.ensure_one()
        return Markup('<a href="#" data-oe-model="{}" data-oe-id="{}">{}</a>').format(
            self._name, self.id, self.number or self.name
        )
