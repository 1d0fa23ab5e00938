import {registry} from "@web/core/registry";

// The agent investigates a case, plans a compensation above the approval
// amount and submits it.
registry.category("web_tour.tours").add("aftersales_resolution_plan_tour", {
    steps: () => [
        {
            content: "Open the Investigation tab",
            trigger: ".o_notebook_headers a[name='aftersales_investigation']",
            run: "click",
        },
        {
            content: "Open the responsibilities",
            trigger: ".o_field_widget[name='aftersales_responsibility'] .o_select_menu_toggler",
            run: "click",
        },
        {
            content: "The company is responsible",
            trigger: ".o_select_menu_item:contains(Company)",
            run: "click",
        },
        {
            content: "Root cause",
            trigger: ".o_field_widget[name='aftersales_root_cause_id'] input",
            run: "edit Product defect",
        },
        {
            content: "Pick the root cause",
            trigger: ".o-autocomplete--dropdown-item .dropdown-item:contains(Product defect)",
            run: "click",
        },
        {
            content: "Policy basis",
            trigger: ".o_field_widget[name='aftersales_responsibility_basis'] textarea",
            run: "edit Warranty, article 3",
        },
        {
            content: "Open the Resolution tab",
            trigger: ".o_notebook_headers a[name='aftersales_resolution']",
            run: "click",
        },
        {
            content: "Start a resolution plan",
            trigger: "button[name='action_new_resolution_plan']",
            run: "click",
        },
        {
            content: "The plan form is ready",
            trigger: ".o_breadcrumb .active:contains(PLAN/)",
        },
        {
            content: "Add a remedy",
            trigger: ".o_field_widget[name='remedy_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Open the kinds of remedy",
            trigger: ".o_selected_row .o_field_widget[name='remedy_type'] .o_select_menu_toggler",
            run: "click",
        },
        {
            content: "A compensation",
            trigger: ".o_select_menu_item:contains(Compensation)",
            run: "click",
        },
        {
            // a loaded machine can lose the pick while the row is still rendering
            content: "The remedy is a compensation",
            trigger:
                ".o_selected_row .o_field_widget[name='remedy_type'] input:value(Compensation)",
        },
        {
            content: "Its amount",
            trigger: ".o_selected_row .o_field_widget[name='amount'] input",
            run: "edit 500",
        },
        {
            content: "Save the plan",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The plan needs approval",
            trigger: ".alert-warning:contains(Needs a manager's approval)",
        },
        {
            content: "Submit it",
            trigger: "button[name='action_submit']",
            run: "click",
        },
        {
            content: "It awaits approval",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Awaiting Approval)",
        },
    ],
});

// The manager approves the plan.
registry.category("web_tour.tours").add("aftersales_resolution_approval_tour", {
    steps: () => [
        {
            content: "Approve",
            trigger: "button[name='action_approve']",
            run: "click",
        },
        {
            content: "Approved",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Approved)",
        },
    ],
});

// The agent proposes the approved plan to the customer.
registry.category("web_tour.tours").add("aftersales_resolution_proposal_tour", {
    steps: () => [
        {
            content: "Propose to the customer",
            trigger: "button[name='action_propose']",
            run: "click",
        },
        {
            content: "Proposed",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Proposed to Customer)",
        },
    ],
});
