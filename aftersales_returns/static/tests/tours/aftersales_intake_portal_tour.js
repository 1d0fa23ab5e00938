import {registry} from "@web/core/registry";

// A customer on a phone asks for help about one of their orders: the products offered are
// those of the order chosen; the case records the order, the product and what they expect.
registry.category("web_tour.tours").add("aftersales_intake_portal_tour", {
    steps: () => [
        {
            content: "Choose the order of the desk fan",
            trigger: "select[name='aftersales_order']",
            run() {
                const product = document.querySelector(
                    "select[name='aftersales_product'] option[data-order-id]"
                );
                const fan = [...document.querySelectorAll("option[data-order-id]")].find((option) =>
                    option.textContent.includes("Tour Desk Fan")
                );
                if (!product || !fan) {
                    throw new Error("the products of the orders are not offered");
                }
                this.anchor.value = fan.dataset.orderId;
                this.anchor.dispatchEvent(new Event("change", {bubbles: true}));
            },
        },
        {
            content: "Only the products of that order are offered",
            trigger: "select[name='aftersales_product']:enabled",
            run() {
                const offered = [...this.anchor.querySelectorAll("option[data-order-id]")]
                    .filter((option) => !option.hidden)
                    .map((option) => option.textContent.trim());
                if (offered.join("|") !== "Tour Desk Fan") {
                    throw new Error(`products offered: ${offered.join("|")}`);
                }
                const fan = this.anchor.querySelector("option:not([hidden])[data-order-id]");
                this.anchor.value = fan.value;
                this.anchor.dispatchEvent(new Event("change", {bubbles: true}));
            },
        },
        {
            content: "Say what they expect",
            trigger: "select[name='aftersales_expectation']",
            run: "select repair",
        },
        {
            content: "Type the subject",
            trigger: "input[name='subject']",
            run: "edit Fan rattles",
        },
        {
            content: "Describe the problem",
            trigger: "textarea[name='description']",
            run: "edit A loud rattle at full speed",
        },
        {
            content: "Send the request",
            trigger: "form.o_aftersales_intake_form button[type='submit']",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The case page opens",
            trigger: "body:contains(Fan rattles)",
        },
    ],
});
