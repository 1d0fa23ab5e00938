/** @odoo-module **/
// The portal's request form offers the products of the order chosen only (the server checks
// the pair again).

function filterProducts(form) {
    const order = form.querySelector("select[name='aftersales_order']");
    const product = form.querySelector("select[name='aftersales_product']");
    if (!order || !product) {
        return;
    }
    for (const option of product.querySelectorAll("option[data-order-id]")) {
        const shown = option.dataset.orderId === order.value;
        option.hidden = !shown;
        option.disabled = !shown;
        if (!shown && option.selected) {
            product.value = "";
        }
    }
    product.disabled = !order.value;
}

function setUp() {
    for (const form of document.querySelectorAll("form.o_aftersales_intake_form")) {
        filterProducts(form);
        form.addEventListener("change", (ev) => {
            if (ev.target.name === "aftersales_order") {
                filterProducts(form);
            }
        });
    }
}

if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
} else {
    setUp();
}
