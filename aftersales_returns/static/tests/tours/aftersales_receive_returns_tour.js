import {registry} from "@web/core/registry";

/** What a keyboard-wedge scanner does with no field focused: fast keystrokes on the page, then Enter. */
function scanWithScanner(barcode) {
    for (const key of barcode) {
        document.body.dispatchEvent(new KeyboardEvent("keydown", {key, bubbles: true}));
    }
    document.body.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true}));
}

/** The scan field, which must have the focus: a scanner types where the focus is. */
function focusedScanField() {
    const field = document.activeElement;
    if (!field?.matches(".o_as_scan_input")) {
        throw new Error(
            `The scan field does not have the focus: ${field?.outerHTML?.slice(0, 120)}`
        );
    }
    return field;
}

/** What a keyboard-wedge scanner does in the focused scan field: fast keystrokes, then Enter. */
function scanIntoField(barcode) {
    const field = focusedScanField();
    for (const key of barcode) {
        const keydown = new KeyboardEvent("keydown", {key, bubbles: true, cancelable: true});
        if (field.dispatchEvent(keydown)) {
            field.value += key;
            field.dispatchEvent(new InputEvent("input", {data: key, bubbles: true}));
        }
    }
    field.dispatchEvent(
        new KeyboardEvent("keydown", {key: "Enter", bubbles: true, cancelable: true})
    );
}

/** A key pressed on the keyboard while the scan field has the focus. */
function pressKey(key) {
    const keydown = new KeyboardEvent("keydown", {key, bubbles: true, cancelable: true});
    focusedScanField().dispatchEvent(keydown);
    if (!keydown.defaultPrevented) {
        throw new Error(`${key} was left to the browser`);
    }
}

/** What the phone's camera gives the photo field: a picture file (one red pixel here). */
function attachPhoto(input, name) {
    const png =
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";
    const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], name, {type: "image/png"}));
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", {bubbles: true}));
}

/** Nothing is wider than the phone: no sideways scrolling, of the page or of the screen. */
function assertNoHorizontalOverflow() {
    const page = document.documentElement;
    if (page.scrollWidth > window.innerWidth) {
        throw new Error(
            `The page is ${page.scrollWidth} px wide on a ${window.innerWidth} px screen`
        );
    }
    const screen = document.querySelector(".o_aftersales_receive_returns");
    if (screen.scrollWidth > screen.clientWidth) {
        throw new Error(
            `The receipt screen is ${screen.scrollWidth} px wide in ${screen.clientWidth} px`
        );
    }
    for (const el of screen.querySelectorAll("*")) {
        const box = el.getBoundingClientRect();
        if (box.width && box.right > window.innerWidth + 0.5) {
            throw new Error(`${el.className || el.tagName} is cut at the right edge`);
        }
    }
}

// An inspector receives a return by scanning, at a desktop with a scanner: kettle 1 of 2, the
// lamp by its serial number, the mug damaged (grade key); the parcel is received, the return
// stays open for the second kettle, then the inspector closes the receipt (nothing more will
// come): the missing kettle is recorded.
registry.category("web_tour.tours").add("aftersales_receive_returns_tour", {
    steps: () => [
        {
            content: "The returns expected are listed, with their customer, tracking and items",
            trigger:
                ".o_as_expected_returns:not(:contains(tour.customer@example.com)):not(:contains(1234 5678)) .o_as_expected_return:contains(TOUR-TRACK-1):contains(Tour Customer):contains(4 items)",
        },
        {
            content: "The phone's return is listed too, after it (picked up later)",
            trigger:
                ".o_as_expected_return:contains(TOUR-TRACK-1) ~ .o_as_expected_return:contains(TOUR-TRACK-2)",
        },
        {
            content: "Scan the RA label: the scanner types in the scan field, which has the focus",
            trigger: ".o_as_scan_input:focus",
            run() {
                const listed = [...document.querySelectorAll(".o_as_expected_return")].find((el) =>
                    el.textContent.includes("TOUR-TRACK-1")
                );
                scanIntoField(listed.querySelector(".o_as_expected_name").textContent);
            },
        },
        {
            content: "The return opens with its expected lines",
            trigger: ".o_as_ra_name:contains(RA)",
        },
        {
            content: "Scan the kettle and, without waiting, something that is not on the return",
            trigger: ".o_as_line:contains(Tour Kettle) .o_as_expected:contains(2)",
            run: () => {
                scanIntoField("TOURKETTLE");
                scanIntoField("NOT-A-PRODUCT");
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
            content: "Scan the lamp's serial number",
            trigger: ".o_as_scan_input:focus",
            run: () => scanIntoField("TOUR-LAMP-SN1"),
        },
        {
            content: "The lamp is counted",
            trigger: ".o_as_last_line:contains(Tour Lamp) .o_as_scanned:contains(1)",
        },
        {
            content: "Scan the mug",
            trigger: ".o_as_scan_input:focus",
            run: () => scanIntoField("TOURMUG"),
        },
        {
            content: "The mug is counted; its grade buttons show their keys",
            trigger:
                ".o_as_last_line:contains(Tour Mug) .o_as_grade_damaged .o_as_grade_key:contains(F2)",
        },
        {
            content: "Press the Damaged key (F2) in the scan field",
            trigger: ".o_as_last_line:contains(Tour Mug) .o_as_scanned:contains(1)",
            run: () => pressKey("F2"),
        },
        {
            content: "The mug is graded damaged",
            trigger: ".o_as_line:contains(Tour Mug) .o_as_grade_damaged.active",
        },
        {
            content: "The screen is still there and the scan field keeps the focus",
            trigger: ".o_aftersales_receive_returns .o_as_scan_input:focus",
        },
        {
            content: "Note what is wrong with the mug",
            trigger: ".o_as_line:contains(Tour Mug) .o_as_note",
            run() {
                const input = document.querySelector(".o_as_last_line .o_as_note");
                input.value = "Handle chipped";
                input.dispatchEvent(new Event("change", {bubbles: true}));
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
            content: "After the reload, the return, its counts, grade, note and photo are back",
            trigger:
                ".o_as_line:contains(Tour Mug):has(.o_as_scanned:contains(1)):has(.o_as_photo_count:contains(1)):has(.o_as_grade_damaged.active) .o_as_note:value(Handle chipped)",
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
            content: "After the dialog, the focus is back in the scan field",
            trigger: "body:not(:has(.modal)) .o_as_scan_input:focus",
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
            trigger: "body:not(:has(.modal)) .o_as_ra_state:contains(Received)",
            run: () => scanIntoField("TOURKETTLE"),
        },
        {
            content: "A scan after validation is refused",
            trigger: ".o_as_message.alert-danger:contains(already received and validated)",
        },
        {
            content: "Next return",
            trigger: ".o_as_close",
            run: "click",
        },
        {
            content: "The received return left the list; the phone's one is still expected",
            trigger:
                ".o_as_expected_returns:not(:has(.o_as_expected_return:contains(TOUR-TRACK-1))) .o_as_expected_return:contains(TOUR-TRACK-2)",
        },
        {
            content: "The scan field has the focus for the next parcel",
            trigger: ".o_as_scan_input:focus",
        },
    ],
});

// The same screen on a phone (390 × 844): the inspector picks an unlabeled parcel's return
// from the list of returns expected, scans an item, grades it with a tap: every line is a
// card, nothing scrolls sideways.
registry.category("web_tour.tours").add("aftersales_receive_returns_phone_tour", {
    steps: () => [
        {
            content: "The returns expected are listed and fit the phone",
            trigger:
                ".o_as_expected_return:contains(TOUR-TRACK-2):contains(Phone Customer):contains(2 items)",
            run: assertNoHorizontalOverflow,
        },
        {
            content: "Search the list by tracking number",
            trigger: ".o_as_expected_search",
            run: "edit TRACK-2",
        },
        {
            content: "Only the matching return is left",
            trigger:
                ".o_as_expected_returns:not(:has(.o_as_expected_return:contains(TOUR-TRACK-1))) .o_as_expected_return:contains(TOUR-TRACK-2)",
        },
        {
            content: "Tap the return of the unlabeled parcel",
            trigger: ".o_as_expected_return:contains(TOUR-TRACK-2)",
            run: "click",
        },
        {
            content: "It opens, its lines as cards",
            trigger: ".o_as_cards .o_as_line:contains(Tour Mug)",
        },
        {
            content: "Scan the mug: the scan field has the focus",
            trigger: ".o_as_cards .o_as_line:contains(Tour Mug) .o_as_expected:contains(1)",
            run: () => scanIntoField("TOURMUG"),
        },
        {
            content: "The mug is counted",
            trigger: ".o_as_last_line:contains(Tour Mug) .o_as_scanned:contains(1)",
        },
        {
            content: "Every line is a card that fits the phone: no table, no sideways scrolling",
            trigger: ".o_as_cards .o_as_line:contains(Tour Kettle)",
            run() {
                if (document.querySelector(".o_aftersales_receive_returns table")) {
                    throw new Error("The lines are a table on a phone");
                }
                assertNoHorizontalOverflow();
                for (const card of document.querySelectorAll(".o_as_cards .o_as_line")) {
                    const width = card.getBoundingClientRect().width;
                    const note = card.querySelector(".o_as_note").getBoundingClientRect().width;
                    if (note < width / 2) {
                        throw new Error(`The note field is ${note} px wide in a ${width} px card`);
                    }
                    for (const button of card.querySelectorAll(".o_as_grade")) {
                        const buttonWidth = button.getBoundingClientRect().width;
                        if (buttonWidth < width / 3) {
                            throw new Error(`A grade button is ${buttonWidth} px wide`);
                        }
                    }
                }
            },
        },
        {
            content: "Tap Resellable on the mug",
            trigger: ".o_as_cards .o_as_line:contains(Tour Mug) .o_as_grade_resellable",
            run: "click",
        },
        {
            content: "The mug is graded",
            trigger: ".o_as_cards .o_as_line:contains(Tour Mug) .o_as_grade_resellable.active",
        },
        {
            content: "The focus is back in the scan field",
            trigger: ".o_as_scan_input:focus",
        },
    ],
});
