import { registry } from "@web/core/registry";

/** What a keyboard-wedge scanner does: fast keystrokes on the page, then Enter. */
function scanWithScanner(barcode) {
    for (const key of barcode) {
        document.body.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true }));
    }
    document.body.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
}

/** Typing the code by hand in the scan field, then Enter. */
function typeAndEnter(barcode) {
    const input = document.querySelector(".o_as_scan_input");
    input.value = barcode;
    input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
}

/** What the phone's camera gives the photo field: a picture file (one red pixel here). */
function attachPhoto(input, name) {
    const png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
    const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], name, { type: "image/png" }));
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

// An inspector receives a return by scanning: kettle 1 of 2, mug damaged; the parcel is
// received, the return stays open for the second kettle, then the inspector closes the
// receipt (nothing more will come): the missing kettle is recorded.
registry.category("web_tour.tours").add("aftersales_receive_returns_tour", {
    steps: () => [
        {
            content: "Type the carrier tracking number of the parcel",
            trigger: ".o_as_scan_input",
            run: () => typeAndEnter("TOUR-TRACK-1"),
        },
        {
            content: "The return opens with its expected lines",
            trigger: ".o_as_ra_name:contains(RA)",
        },
        {
            content: "Scan the kettle and, without waiting, something that is not on the return",
            trigger: ".o_as_line:contains(Tour Kettle) .o_as_expected:contains(2)",
            run: () => {
                scanWithScanner("TOURKETTLE");
                scanWithScanner("NOT-A-PRODUCT");
            },
        },
        {
            content: "The second scan is refused with its reason",
            trigger: ".o_as_message.alert-danger:contains(Unknown barcode NOT-A-PRODUCT)",
        },
        {
            content: "The kettle is counted",
            trigger: ".o_as_last_line:contains(Tour Kettle) .o_as_scanned:contains(1)",
        },
        {
            content: "Scan the mug",
            trigger: ".o_as_line:contains(Tour Mug)",
            run: () => scanWithScanner("TOURMUG"),
        },
        {
            content: "The mug is counted",
            trigger: ".o_as_last_line:contains(Tour Mug) .o_as_scanned:contains(1)",
        },
        {
            content: "Note what is wrong with the mug",
            trigger: ".o_as_line:contains(Tour Mug) .o_as_note",
            run() {
                const input = document.querySelector(".o_as_last_line .o_as_note");
                input.value = "Handle chipped";
                input.dispatchEvent(new Event("change", { bubbles: true }));
            },
        },
        {
            content: "The note is saved",
            trigger: ".o_as_message.alert-success:contains(note saved)",
        },
        {
            content: "Take a photo of the mug",
            trigger: ".o_as_line:contains(Tour Mug) .o_as_photo_count:contains(0)",
            run: () =>
                attachPhoto(
                    document.querySelector(".o_as_last_line .o_as_photo_input"),
                    "mug-handle.png"
                ),
        },
        {
            content: "The photo is saved",
            trigger: ".o_as_line:contains(Tour Mug) .o_as_photo_count:contains(1)",
        },
        {
            content: "Reload the page",
            trigger: ".o_as_message.alert-success:contains(photo mug-handle.png saved)",
            run: () => location.reload(),
            expectUnloadPage: true,
        },
        {
            content: "After the reload, the return, its counts, the note and the photo are back",
            trigger:
                ".o_as_line:contains(Tour Mug):has(.o_as_scanned:contains(1)):has(.o_as_photo_count:contains(1)) .o_as_note:value(Handle chipped)",
        },
        {
            content: "The mug is damaged",
            trigger: ".o_as_line:contains(Tour Mug) .o_as_grade_damaged",
            run: "click",
        },
        {
            content: "Graded",
            trigger: ".o_as_line:contains(Tour Mug) .o_as_grade_damaged.active",
        },
        {
            content: "Validate the receipt",
            trigger: ".o_as_validate",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The parcel is received, the second kettle is still expected",
            trigger: ".o_as_message.alert-info:contains(the rest is still expected)",
        },
        {
            content: "The kettle shows one received",
            trigger: ".o_as_line:contains(Tour Kettle) .o_as_received:contains(1)",
        },
        {
            content: "Nothing more will come: close the receipt",
            trigger: ".o_as_close_receipt",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Received with a discrepancy",
            trigger: ".o_as_discrepancy",
        },
        {
            content: "Scanning is now closed",
            trigger: ".o_as_ra_state:contains(Received)",
            run: () => scanWithScanner("TOURKETTLE"),
        },
        {
            content: "A scan after validation is refused",
            trigger: ".o_as_message.alert-danger:contains(already received and validated)",
        },
    ],
});
