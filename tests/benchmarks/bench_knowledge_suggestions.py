"""Precision of the knowledge base's article suggestions on a small labelled set.

setup/bench tests/benchmarks/bench_knowledge_suggestions.py

Asks the suggestion engine (text only, as a customer types in the help centre, then
with the case's category, as on a case) for the starter articles (five topics, each in
English, Simplified and Traditional Chinese) with questions written the way customers
ask them, in the three languages, each labelled with the topic that answers it. Prints,
per language: precision at 1 (the first suggestion answers the question, in any
language version), the same in the question's own language, and precision at 3
(answering suggestions among the first three, out of three), then the time per
request. Rolls everything back.
"""

import time

env = env  # noqa: F821,PLW0127

TOPICS = ("return_policy", "no_reason_return", "transit_damage", "warranty", "late_parcel")
# (language, question, topic, category of the case)
LABELLED = [
    (
        "en_US",
        "How do I send back something I bought last week?",
        "return_policy",
        "category_not_as_described",
    ),
    (
        "en_US",
        "Can I get a refund if the item is not what I expected?",
        "return_policy",
        "category_not_as_described",
    ),
    (
        "en_US",
        "I changed my mind, can I return it without a reason within 7 days?",
        "no_reason_return",
        "category_size_mismatch",
    ),
    (
        "en_US",
        "The shoes are fine but I don't want them anymore",
        "no_reason_return",
        "category_size_mismatch",
    ),
    (
        "en_US",
        "The box arrived crushed and the glass is broken",
        "transit_damage",
        "category_damaged_goods",
    ),
    (
        "en_US",
        "Courier delivered a damaged parcel, what should I do?",
        "transit_damage",
        "category_packaging_damage",
    ),
    (
        "en_US",
        "My kettle stopped working after two months, is it under warranty?",
        "warranty",
        "category_function_failure",
    ),
    (
        "en_US",
        "Defect: the blender does not turn on, can you repair it?",
        "warranty",
        "category_product_quality",
    ),
    (
        "en_US",
        "Where is my order? Tracking has not changed for days",
        "late_parcel",
        "category_delivery_delay",
    ),
    (
        "en_US",
        "The parcel never arrived, I think it is lost",
        "late_parcel",
        "category_lost_parcel",
    ),
    ("zh_CN", "上周买的东西怎么退货退款？", "return_policy", "category_not_as_described"),
    ("zh_CN", "商品和描述不一样，可以换货吗", "return_policy", "category_not_as_described"),
    ("zh_CN", "不想要了，七天内能无理由退货吗", "no_reason_return", "category_size_mismatch"),
    ("zh_CN", "衣服不喜欢，没拆吊牌，可以退吗", "no_reason_return", "category_size_mismatch"),
    ("zh_CN", "快递送到的时候外箱压坏了，杯子破损", "transit_damage", "category_damaged_goods"),
    ("zh_CN", "包裹运输途中损坏怎么办", "transit_damage", "category_packaging_damage"),
    ("zh_CN", "水壶用了两个月坏了，能保修吗", "warranty", "category_function_failure"),
    ("zh_CN", "搅拌机有质量问题不能用，怎么维修", "warranty", "category_product_quality"),
    ("zh_CN", "我的快递三天没有物流更新，延误了", "late_parcel", "category_delivery_delay"),
    ("zh_CN", "包裹丢失了一直没到", "late_parcel", "category_lost_parcel"),
    ("zh_TW", "上週買的東西怎麼退貨退款？", "return_policy", "category_not_as_described"),
    ("zh_TW", "商品和描述不一樣，可以換貨嗎", "return_policy", "category_not_as_described"),
    ("zh_TW", "不想要了，七天內能無理由退貨嗎", "no_reason_return", "category_size_mismatch"),
    ("zh_TW", "衣服不喜歡，沒拆吊牌，可以退嗎", "no_reason_return", "category_size_mismatch"),
    ("zh_TW", "快遞送到的時候外箱壓壞了，杯子破損", "transit_damage", "category_damaged_goods"),
    ("zh_TW", "包裹運送途中損壞怎麼辦", "transit_damage", "category_packaging_damage"),
    ("zh_TW", "水壺用了兩個月壞了，能保固嗎", "warranty", "category_function_failure"),
    ("zh_TW", "果汁機有品質問題不能用，怎麼維修", "warranty", "category_product_quality"),
    ("zh_TW", "我的快遞三天沒有物流更新，延誤了", "late_parcel", "category_delivery_delay"),
    ("zh_TW", "包裹遺失了一直沒到", "late_parcel", "category_lost_parcel"),
]
SUFFIX = {"en_US": "en", "zh_CN": "zh_cn", "zh_TW": "zh_tw"}

Page = env["document.page"]
savepoint = env.cr.savepoint()
try:
    # only the starter articles compete: every other after-sales article is set aside
    starters = Page.browse(
        env.ref(f"aftersales_knowledge.article_{topic}_{SUFFIX[lang]}").id
        for topic in TOPICS
        for lang in SUFFIX
    )
    (Page.search([("aftersales_article", "=", True)]) - starters).write(
        {"aftersales_published": False}
    )
    starters.write({"aftersales_published": True, "aftersales_visibility": "public"})
    topic_of = {
        env.ref(f"aftersales_knowledge.article_{topic}_{SUFFIX[lang]}").id: (topic, lang)
        for topic in TOPICS
        for lang in SUFFIX
    }
    for mode in ("text only (help centre)", "text and category (case)"):
        print(f"== {mode}")
        print(f"{'language':10} {'questions':>9} {'P@1':>6} {'P@1 same language':>18} {'P@3':>6}")
        totals = [0, 0.0, 0.0, 0.0]
        elapsed = 0.0
        for lang in SUFFIX:
            rows = [row for row in LABELLED if row[0] == lang]
            hits1 = same1 = hits3 = 0.0
            for _lang, question, topic, category in rows:
                categories = env.ref(f"aftersales_flow.{category}") if "category" in mode else None
                started = time.perf_counter()
                found = Page._aftersales_suggest(
                    question, categories=categories, lang=lang, public=True, limit=3
                )
                elapsed += time.perf_counter() - started
                labels = [topic_of.get(page.id, (None, None)) for page in found]
                if labels and labels[0][0] == topic:
                    hits1 += 1
                    same1 += labels[0][1] == lang
                hits3 += sum(1 for label in labels if label[0] == topic) / 3.0
            count = len(rows)
            print(
                f"{lang:10} {count:>9} {hits1 / count:>6.2f} {same1 / count:>18.2f} "
                f"{hits3 / count:>6.2f}"
            )
            totals = [totals[0] + count, totals[1] + hits1, totals[2] + same1, totals[3] + hits3]
        count = totals[0]
        print(
            f"{'all':10} {count:>9} {totals[1] / count:>6.2f} {totals[2] / count:>18.2f} "
            f"{totals[3] / count:>6.2f}   ({1000 * elapsed / count:.1f} ms per request)"
        )
finally:
    savepoint.rollback()
