import copy

import pytest

from quizzes.loader import quiz_errors, read_quiz
from quizzes.services import quiz_apply

TECHNIQUES = {"emotion": "استغلال العواطف", "urgency": "الاستعجال المصطنع", "impersonation": "انتحال الهوية"}

POST = {
    "author": "صفحة الحي",
    "handle": "@hay_page",
    "platform": "feed",
    "time": "قبل ساعة",
    "text": "خبر عاجل!",
}

SAMPLE = {
    "slug": "sample",
    "title": "اختبار تجريبي",
    "kind": "practice",
    "feedback": "end",
    "questions": [
        {
            "type": "single",
            "key": "single",
            "prompt": "سؤال اختيار واحد",
            "techniques": ["emotion"],
            "explanation": "شرح السؤال الأول",
            "options": [
                {"text": "الخيار الصحيح", "correct": True, "feedback": "FEEDBACK-SINGLE-RIGHT"},
                {"text": "خيار خاطئ", "correct": False, "feedback": "FEEDBACK-SINGLE-WRONG"},
                {"text": "خيار خاطئ آخر", "correct": False, "feedback": "FEEDBACK-SINGLE-WRONG2"},
            ],
        },
        {
            "type": "multiple",
            "key": "multiple",
            "prompt": "سؤال اختيار متعدد",
            "options": [
                {"text": "صحيح أ", "correct": True, "feedback": "FEEDBACK-MULTI-A"},
                {"text": "صحيح ب", "correct": True, "feedback": "FEEDBACK-MULTI-B"},
                {"text": "خاطئ ج", "correct": False, "feedback": "FEEDBACK-MULTI-C"},
                {"text": "خاطئ د", "correct": False, "feedback": "FEEDBACK-MULTI-D"},
            ],
        },
        {
            "type": "true_false",
            "key": "tf",
            "prompt": "اللقب وحده يكفي للثقة.",
            "answer": False,
            "feedback_true": "FEEDBACK-TF-TRUE",
            "feedback_false": "FEEDBACK-TF-FALSE",
        },
        {
            "type": "rating",
            "key": "rating",
            "prompt": "ما مدى موثوقية هذا المنشور؟",
            "techniques": ["urgency"],
            "post": POST,
            "reliable": False,
            "feedback": "FEEDBACK-RATING",
        },
        {
            "type": "red_flags",
            "key": "flags",
            "prompt": "اختر الأجزاء المضللة",
            "techniques": ["impersonation"],
            "post": {"author": "مديرية رسمية", "handle": "@dept_0fficial", "platform": "feed"},
            "parts": [
                {"kind": "account", "flag": True, "feedback": "FEEDBACK-PART-ACCOUNT"},
                {"kind": "text", "text": "نص عادي", "flag": False, "feedback": "FEEDBACK-PART-PLAIN"},
                {
                    "kind": "text",
                    "text": "لا يريدونكم أن تعرفوا",
                    "flag": True,
                    "feedback": "FEEDBACK-PART-THEY",
                },
                {
                    "kind": "share_prompt",
                    "text": "انشروا قبل الحذف!",
                    "flag": True,
                    "feedback": "FEEDBACK-PART-SHARE",
                },
            ],
        },
        {
            "type": "technique",
            "key": "technique",
            "prompt": "ما الأسلوب؟",
            "post": POST,
            "options": [
                {"technique": "urgency", "correct": True, "feedback": "FEEDBACK-TECH-URGENCY"},
                {"technique": "emotion", "correct": False, "feedback": "FEEDBACK-TECH-EMOTION"},
            ],
        },
        {
            "type": "order",
            "key": "order",
            "prompt": "رتّب الخطوات",
            "steps": [
                {"text": "توقّف", "feedback": "FEEDBACK-STEP-1"},
                {"text": "ابحث عن المصدر", "feedback": "FEEDBACK-STEP-2"},
                {"text": "اقرأ جانبيًا", "feedback": "FEEDBACK-STEP-3"},
            ],
        },
        {
            "type": "compare",
            "key": "compare",
            "prompt": "أي المصدرين أوثق؟",
            "posts": [
                POST,
                {**POST, "author": "الدائرة الرسمية", "handle": "@real_dept", "text": "إعلان هادئ"},
            ],
            "answer": 2,
            "feedback_1": "FEEDBACK-COMPARE-1",
            "feedback_2": "FEEDBACK-COMPARE-2",
        },
    ],
}


def make_quiz(**overrides):
    data = copy.deepcopy(SAMPLE)
    data.update(overrides)
    assert quiz_errors(data, technique_slugs=set(TECHNIQUES)) == []
    quiz, _ = quiz_apply(data=read_quiz(data), technique_names=TECHNIQUES)
    return quiz


@pytest.fixture
def quiz(db):
    return make_quiz()


@pytest.fixture
def immediate_quiz(db):
    return make_quiz(slug="sample-immediate", feedback="immediate")
