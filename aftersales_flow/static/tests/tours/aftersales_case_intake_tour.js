import {registry} from "@web/core/registry";

// An agent records a complaint in a new After-Sales case.
registry.category("web_tour.tours").add("aftersales_case_intake_tour", {
    steps: () => [
        {
            content: "Subject",
            trigger: ".o_field_widget[name='name'] input",
            run: "edit Scratched kettle lid",
        },
        {
            content: "Open the kinds of case",
            trigger: ".o_field_widget[name='aftersales_case_kind'] .o_select_menu_toggler",
            run: "click",
        },
        {
            content: "It is a complaint",
            trigger: ".o_select_menu_item:contains(Complaint)",
            run: "click",
        },
        {
            content: "Problem description",
            trigger: ".o_field_widget[name='description'] .odoo-editor-editable",
            run: "editor The lid arrived scratched.",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved: the ticket number is shown",
            trigger: ".o_form_saved, .o_form_view:not(:has(.o_form_button_save:visible))",
        },
    ],
});
