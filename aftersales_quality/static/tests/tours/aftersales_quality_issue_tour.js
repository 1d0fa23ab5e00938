import {registry} from "@web/core/registry";

// The quality manager goes from the dashboard to a proposed issue and plans it.
registry.category("web_tour.tours").add("aftersales_quality_issue_tour", {
    steps: () => [
        {
            content: "The dashboard counts the proposed issue",
            trigger: ".o_as_work_card[data-key='proposed_issues'] .o_as_value:contains(1)",
        },
        {
            content: "Review the proposed issues",
            trigger: ".o_as_work_card[data-key='proposed_issues']",
            run: "click",
        },
        {
            content: "Open the proposal",
            trigger: ".o_data_row td:contains(Tour damaged goods)",
            run: "click",
        },
        {
            content: "Accept it and plan",
            trigger: "button[name='action_accept']",
            run: "click",
        },
        {
            content: "The draft action plan opens, linked to the issue",
            trigger: ".o_form_view .o_field_widget[name='issue_id']:contains(Tour damaged goods)",
        },
    ],
});
