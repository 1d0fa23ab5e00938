/** @odoo-module **/
// The portal's new-case form: while the customer types the subject and the description,
// the matching public articles of the help centre are listed, each with a button that
// records a self-solved request instead of the case.

const DELAY = 400;

function setup(box) {
    const form = box.closest("form");
    if (!form) {
        return;
    }
    const list = box.querySelector(".o_aftersales_help_list");
    const thanks = box.querySelector(".o_aftersales_help_thanks");
    const solvedText = box.querySelector(".o_aftersales_help_solved_text").textContent.trim();
    const fields = ["subject", "description", "category"].map((name) =>
        form.querySelector(`[name="${name}"]`)
    );
    let timer = null;
    let last = "";

    function query() {
        const subject = fields[0] ? fields[0].value : "";
        const description = fields[1] ? fields[1].value : "";
        return `${subject} ${description}`.trim().slice(0, 200);
    }

    function render(articles) {
        list.replaceChildren();
        for (const article of articles) {
            const item = document.createElement("li");
            item.className = "mb-2";
            const link = document.createElement("a");
            link.href = article.url;
            link.target = "_blank";
            link.textContent = article.name;
            const answer = document.createElement("div");
            answer.className = "small text-muted";
            answer.textContent = article.answer;
            const button = document.createElement("button");
            button.type = "button";
            button.className = "btn btn-sm btn-outline-success mt-1";
            button.textContent = solvedText;
            button.addEventListener("click", () => solved(article));
            item.append(link, answer, button);
            list.append(item);
        }
        box.classList.toggle("d-none", !articles.length);
    }

    async function suggest() {
        const q = query();
        const category = fields[2] ? fields[2].value : "";
        const key = `${q}|${category}`;
        if (key === last) {
            return;
        }
        last = key;
        if (q.length < 2) {
            render([]);
            return;
        }
        const params = new URLSearchParams({q});
        if (category) {
            params.set("category", category);
        }
        const response = await fetch(`${box.dataset.suggestUrl}?${params}`, {
            headers: {Accept: "application/json"},
        });
        if (response.ok) {
            render((await response.json()).articles || []);
        }
    }

    async function solved(article) {
        const body = new URLSearchParams({
            article_id: String(article.id),
            q: query(),
            csrf_token: form.querySelector("[name='csrf_token']").value,
        });
        const category = fields[2] ? fields[2].value : "";
        if (category) {
            body.set("category", category);
        }
        const response = await fetch(box.dataset.solvedUrl, {
            method: "POST",
            body,
            headers: {Accept: "application/json"},
        });
        const data = await response.json();
        thanks.textContent = data.message || data.error || "";
        thanks.classList.remove("d-none");
        thanks.classList.toggle("alert-success", response.ok);
        thanks.classList.toggle("alert-danger", !response.ok);
    }

    for (const field of fields) {
        if (field) {
            field.addEventListener("input", () => {
                clearTimeout(timer);
                timer = setTimeout(suggest, DELAY);
            });
        }
    }
}

function start() {
    for (const box of document.querySelectorAll(".o_aftersales_help_suggestions")) {
        setup(box);
    }
}

if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
} else {
    start();
}
