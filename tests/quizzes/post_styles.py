"""One simulated post per `platform` style, with every field that style shows (quizzes/posts.py).

Shared by the post tests (tests/quizzes/test_post_styles.py), the lesson sanitiser tests
(tests/curricula/test_rendering_posts.py) and the browser test (tests/e2e/test_post_styles.py).
"""

import yaml

from quizzes.posts import PLATFORMS

SAMPLES = {
    "feed": {
        "author": "صفحة أخبار حي الزهور",
        "handle": "@zuhoor_news_page",
        "platform": "feed",
        "time": "قبل ساعة",
        "text": "افتُتحت اليوم مكتبة الحي بعد ترميمها، وتستقبل الزوار من الساعة 9 صباحًا.",
        "image_alt": "واجهة مكتبة صغيرة بباب أزرق ولافتة مكتوبة بخط اليد",
        "likes": 120,
        "comments": 14,
        "shares": 31,
        "views": 2400,
    },
    "group": {
        "author": "العمة وفاء",
        "handle": "@aunt_wafaa_home",
        "platform": "group",
        "group_name": "عائلة آل سعيد",
        "members": 38,
        "time": "قبل 10 دقائق",
        "forwarded_many": True,
        "text": "انتبهوا! سيُقطع الماء عن المدينة كلها ثلاثة أيام، أرسلوها لكل من تعرفون.",
        "replies": [{"author": "نرمين يوخنا", "text": "من أين الخبر؟ لم أجده في صفحة دائرة الماء."}],
    },
    "video": {
        "author": "قناة المطبخ البيتي",
        "handle": "@home_kitchen_tv",
        "platform": "video",
        "time": "قبل يومين",
        "subscribers": 52000,
        "views": 13000,
        "text": "طريقة الكليجة خطوة بخطوة، بمقادير بسيطة.",
        "likes": 880,
        "comments": 64,
    },
    "channel": {
        "author": "المدينة الآن",
        "handle": "@city_now_channel",
        "platform": "channel",
        "subscribers": 12500,
        "views": 3400,
        "time": "قبل 3 ساعات",
        "forwarded_from": "نشرة الطقس المحلية",
        "text": "تتوقع نشرة الطقس أمطارًا غزيرة مساء الخميس. تابعوا إعلان المحافظة عن الدوام.",
        "likes": 210,
    },
    "chat": {
        "author": "رقم غير محفوظ",
        "handle": "@unknown_number_77",
        "platform": "chat",
        "time": "قبل 5 دقائق",
        "text": "مرحبًا، أنا من إدارة المسابقة. فزتَ بجائزة! أرسل لي رمز التحقق الذي وصلك لأسلّمك إياها.",
        "replies": [{"author": "أنت", "text": "من أين حصلت على رقمي؟"}],
    },
    "game_chat": {
        "author": "نجم الفريق",
        "handle": "@team_star_99",
        "platform": "game_chat",
        "group_name": "غرفة فريق الصقور",
        "members": 4,
        "time": "الآن",
        "text": "أنت أفضل لاعب هنا. تعال إلى مجموعة خاصة، ولا تخبر أهلك.",
        "replies": [
            {"author": "آزاد", "handle": "@azad_plays", "text": "لماذا خاصة؟ لنكمل هنا."},
            {"author": "سلوى", "text": "لا تذهب، هذا غريب."},
        ],
    },
    "forwarded": {
        "author": "خالو سامر",
        "handle": "@uncle_samer",
        "platform": "forwarded",
        "forwarded_many": True,
        "time": "قبل ساعة",
        "text": "عاجل: شرب الماء الحار كل ساعة يحمي من كل الأمراض. انشرها لتعمّ الفائدة.",
    },
    "short_video": {
        "author": "يوميات ريم",
        "handle": "@reem_daily",
        "platform": "short_video",
        "time": "قبل 4 ساعات",
        "views": 48000,
        "likes": 3100,
        "comments": 210,
        "shares": 900,
        "text": "هذا المقطع صُوّر اليوم في السوق! شاهدوا قبل أن يُحذف.",
        "image_alt": "سوق مزدحم تحت سماء رمادية، ولافتات محلات بعيدة",
    },
    "thread": {
        "author": "منتدى طلاب الكلية",
        "handle": "@college_students_forum",
        "platform": "thread",
        "time": "قبل 6 ساعات",
        "text": "هل صحيح أن امتحانات نصف السنة تأجلت أسبوعين؟",
        "likes": 45,
        "comments": 3,
        "replies": [
            {
                "author": "عبد الله الجبوري",
                "handle": "@abdullah_j",
                "text": "رأيتها في مجموعة، لكن بلا مصدر.",
            },
            {"author": "شيرين كاكائي", "text": "لم يصدر شيء على صفحة الكلية الرسمية."},
            {"author": "أبو يوسف", "handle": "@abu_yousif", "text": "انتظروا إعلان العمادة."},
        ],
    },
}
assert set(SAMPLES) == set(PLATFORMS), "a sample for every style"

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>&amp;'


def hostile(platform: str) -> dict:
    """The sample with hostile markup in every text field (handles must stay valid handles)."""
    data = {**SAMPLES[platform]}
    for name, value in list(data.items()):
        if isinstance(value, str) and name not in ("platform", "handle"):
            data[name] = f"{value} {HOSTILE}"
    if "replies" in data:
        data["replies"] = [
            {**reply, "author": reply["author"] + HOSTILE, "text": reply["text"] + HOSTILE}
            for reply in data["replies"]
        ]
    return data


def shown_texts(data: dict) -> list[str]:
    """The texts a card of ``data`` must show."""
    texts = [data["author"], data["handle"], data["text"]]
    texts += [data[name] for name in ("time", "image_alt", "group_name") if data.get(name)]
    for reply in data.get("replies", []):
        texts += [reply["author"], reply["text"]] + ([reply["handle"]] if "handle" in reply else [])
    return texts


def as_markdown(data: dict) -> str:
    return "```post\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False) + "```\n"
