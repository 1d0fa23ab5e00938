import {registry} from "@web/core/registry";

// An agent answers a case with a suggested article: one click opens the reply with the
// article's answer, which they send.
registry.category("web_tour.tours").add("aftersales_knowledge_reply_tour", {
    steps: () => [
        {
            content: "Open the Knowledge tab of the case",
            trigger: ".o_notebook .nav-link[name='aftersales_knowledge']",
            run: "click",
        },
        {
            content: "The article of the case's category is suggested: insert its answer",
            trigger:
                ".o_field_widget[name='aftersales_suggested_article_ids'] .o_data_row:contains(Tour parcel damaged) button[name='action_aftersales_insert_answer']",
            run: "click",
        },
        {
            content: "The reply opens with the answer",
            trigger:
                ".modal .o_mail_composer_form_view .note-editable:contains(Tour photos within 48 hours), .modal .odoo-editor-editable:contains(Tour photos within 48 hours)",
        },
        {
            content: "Send it",
            trigger: ".modal button.o_mail_send:enabled",
            run: "click",
        },
        {
            content: "The reply is sent: back on the case",
            trigger:
                "body:not(:has(.modal)) .o-mail-Message-body:contains(Tour photos within 48 hours)",
        },
    ],
});
