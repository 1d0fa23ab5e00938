"""A realistic history of closed after-sales cases, for the demo and the benchmark.

Customers of an online shop write in Chinese or English, in their own words: each case
combines an opening, the problem in one of several phrasings, a detail and a request, so
that the same category reads differently from case to case and the categories share words
(快递 in a delay, a damaged parcel and a rude courier alike). The classification that
learns is trained and measured on it (``setup/bench tests/benchmarks/bench_learned_
classification.py``).
"""

import random

PRODUCTS_ZH = [
    "电水壶",
    "吹风机",
    "蓝牙耳机",
    "羽绒服",
    "运动鞋",
    "保温杯",
    "台灯",
    "电饭煲",
    "T恤",
]
PRODUCTS_EN = [
    "kettle",
    "hair dryer",
    "headphones",
    "down jacket",
    "sneakers",
    "lamp",
    "rice cooker",
]
OPENINGS_ZH = ["你好，", "客服你好，", "", "您好，", "麻烦看一下，", "急！"]
OPENINGS_EN = ["Hello, ", "Hi, ", "", "Dear support, ", "Please help: "]
CLOSINGS_ZH = ["请尽快处理。", "希望给个说法。", "", "谢谢。", "等你们回复。", "太失望了。"]
CLOSINGS_EN = [
    "Please sort this out.",
    "",
    "Thanks.",
    "Waiting for your answer.",
    "Very disappointed.",
]

# (category xmlid, kind, Chinese phrasings, English phrasings, details ZH, details EN);
# {p} is the product
TOPICS = [
    (
        "aftersales_flow.category_delivery_delay",
        "logistics",
        [
            "我的{p}下单一周了还没到",
            "快递好几天没更新物流信息",
            "物流一直显示在运输中，{p}迟迟不到",
            "说好三天到货，现在还没收到{p}",
            "快递停在中转站不动了",
        ],
        [
            "my {p} has not arrived after a week",
            "the tracking has not moved for days",
            "the parcel with my {p} is late",
            "delivery was promised in three days and nothing came",
        ],
        ["订单号在下面", "物流单号查不到进度", "急着用", "已经催过一次"],
        ["order number below", "tracking shows in transit", "I needed it for a trip"],
    ),
    (
        "aftersales_flow.category_lost_parcel",
        "logistics",
        [
            "快递显示已签收但我根本没收到{p}",
            "包裹丢了，物流显示签收",
            "驿站说没有我的快递",
            "{p}的包裹不见了，门口也没有",
        ],
        [
            "tracking says delivered but I never got my {p}",
            "the parcel is lost, nobody at home received it",
            "the courier marked it delivered to the wrong address",
        ],
        ["问了邻居也没有", "快递员电话打不通", "监控里没看到"],
        ["neighbours have nothing", "the courier does not answer", "no parcel at the door"],
    ),
    (
        "aftersales_flow.category_damaged_goods",
        "complaint",
        [
            "收到的{p}外壳破损了",
            "{p}到手就是坏的，有裂痕",
            "快递箱压扁了，里面的{p}也压坏了",
            "{p}摔碎了，明显运输损坏",
        ],
        [
            "the {p} arrived broken",
            "my {p} is cracked, damaged in transit",
            "the box was crushed and the {p} inside is damaged",
        ],
        ["有照片为证", "开箱视频已录", "想换一个新的"],
        ["photos attached", "I filmed the unboxing", "I want a replacement"],
    ),
    (
        "aftersales_flow.category_wrong_item",
        "return",
        [
            "发错货了，我买的是黑色{p}收到白色",
            "收到的不是我下单的{p}",
            "商品型号发错了",
            "买{p}结果寄来别的东西",
        ],
        [
            "you sent the wrong item instead of my {p}",
            "wrong colour and wrong model received",
            "this is not the {p} I ordered",
        ],
        ["要求换货", "请安排退回", "订单截图在附件"],
        ["please exchange it", "how do I send it back", "screenshot of the order attached"],
    ),
    (
        "aftersales_flow.category_size_mismatch",
        "return",
        [
            "{p}尺码偏小，穿不上",
            "按尺码表买的还是太大",
            "鞋码不对，想换大一码",
            "{p}尺寸和描述不符，太小了",
        ],
        [
            "the {p} is too small, size does not fit",
            "I followed the size chart and it is too large",
            "need one size bigger for my {p}",
        ],
        ["吊牌还在", "没有穿过", "想换货"],
        ["tags still on", "never worn", "exchange for another size please"],
    ),
    (
        "aftersales_flow.category_function_failure",
        "repair",
        [
            "{p}用了两天就无法启动",
            "{p}通电没反应，不工作了",
            "{p}充不进电，开不了机",
            "{p}突然坏了，按键失灵",
        ],
        [
            "my {p} does not start any more",
            "the {p} stopped working after two days",
            "the {p} will not turn on or charge",
        ],
        ["还在保修期内", "想送修", "换了插座也不行"],
        ["still under warranty", "can I send it for repair", "tried another socket"],
    ),
    (
        "aftersales_flow.category_product_quality",
        "complaint",
        [
            "{p}质量太差，做工粗糙",
            "{p}洗了一次就掉色起球",
            "{p}有异味，材质很差",
            "{p}开线了，质量有问题",
        ],
        [
            "the quality of the {p} is poor",
            "my {p} faded after one wash",
            "cheap material, the {p} smells bad",
        ],
        ["和图片差太多", "不值这个价", "要求退款"],
        ["not like the pictures", "not worth the price", "I want my money back"],
    ),
    (
        "aftersales_flow.category_service_attitude",
        "complaint",
        [
            "快递员态度很差，还骂人",
            "客服态度恶劣，不理人",
            "客服回复敷衍，态度不好",
            "送货的快递小哥态度太差了",
            "打电话问客服被挂断，服务态度差",
        ],
        [
            "your agent was rude to me on the phone",
            "the courier was very rude and shouted",
            "customer service ignored me, terrible attitude",
        ],
        ["要求道歉", "要投诉这个人", "体验非常差"],
        ["I expect an apology", "I want to complain about this person", "awful experience"],
    ),
    (
        "aftersales_flow.category_billing",
        "refund",
        [
            "退款申请一周了还没到账",
            "被重复扣款了两次",
            "优惠券没抵扣，多收了钱",
            "发票金额不对，要求退差价",
        ],
        [
            "I was charged twice for my {p}",
            "my refund has not arrived yet",
            "the coupon was not applied, please refund the difference",
        ],
        ["银行流水截图附上", "支付宝账单显示两笔", "请核对订单金额"],
        ["bank statement attached", "see the two payments", "please check the invoice"],
    ),
]


def history_cases(count, seed=2026):
    """``count`` cases as dicts: ``name``, ``description`` (HTML), ``category_xmlid``,
    ``aftersales_case_kind``; a fixed seed gives the same history every time, three in four written
    in Chinese."""
    rng = random.Random(seed)
    cases = []
    for index in range(count):
        xmlid, kind, zh, en, details_zh, details_en = TOPICS[index % len(TOPICS)]
        if rng.random() < 0.75:
            product = rng.choice(PRODUCTS_ZH)
            problem = rng.choice(zh).format(p=product)
            opening, detail = rng.choice(OPENINGS_ZH), rng.choice(details_zh)
            body = f"{opening}{problem}，{detail}。{rng.choice(CLOSINGS_ZH)}"
        else:
            product = rng.choice(PRODUCTS_EN)
            problem = rng.choice(en).format(p=product)
            opening, detail = rng.choice(OPENINGS_EN), rng.choice(details_en)
            body = f"{opening}{problem}, {detail}. {rng.choice(CLOSINGS_EN)}"
        subject = problem if rng.random() < 0.5 else problem[:12]
        cases.append(
            {
                "name": subject,
                "description": f"<p>{body}</p>",
                "category_xmlid": xmlid,
                "aftersales_case_kind": kind,
            }
        )
    return cases
