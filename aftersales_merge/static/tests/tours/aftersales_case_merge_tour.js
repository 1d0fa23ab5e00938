import {registry} from "@web/core/registry";

// An agent merges two cases of one customer from the case list, keeping the
// more recent one, and finds the duplicate listed on it.
registry.category("web_tour.tours").add("aftersales_case_merge_tour", {
    steps: () => [
        {
            content: "Show the cases as a list",
            trigger: ".o_control_panel .o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Select the first report",
            trigger:
                ".o_list_view .o_data_row:contains(Toaster sparks) .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Select the second report of the same customer",
            trigger:
                ".o_list_view .o_data_row:contains(Sparking toaster) .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Open the actions of the selection",
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            content: "Merge Cases",
            trigger: ".o-dropdown--menu .o_menu_item:contains(Merge Cases)",
            run: "click",
        },
        {
            content: "The wizard proposes to keep the oldest report",
            trigger: ".modal .o_field_widget[name='keep_id'] input:value(Toaster sparks)",
            // the wizard's first load can be slow on a busy machine
            timeout: 20000,
        },
        {
            content: "Keep the other case instead",
            trigger: ".modal .o_field_widget[name='keep_id'] input",
            run: "edit Sparking toaster",
        },
        {
            content: "Pick it",
            trigger: ".o-autocomplete--dropdown-item .dropdown-item:contains(Sparking toaster)",
            run: "click",
        },
        {
            content: "The oldest report is now the one merged",
            trigger:
                ".modal .o_field_widget[name='duplicate_ids'] .o_data_row:contains(Toaster sparks)",
        },
        {
            content: "Merge",
            trigger: ".modal footer button[name='action_merge']",
            run: "click",
        },
        {
            content: "The kept case opens with helpdesk's Duplicates button: one duplicate",
            trigger: ".o_form_view button[name='action_view_duplicates']:contains(1)",
            // the merge copies the history in one transaction before the form loads
            timeout: 20000,
        },
        {
            content: "The kept case is the one shown",
            trigger: ".o_breadcrumb .active:contains(Sparking toaster)",
        },
    ],
});
