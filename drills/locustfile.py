"""Simulated learners for the drills (drills/run.py starts locust with this file).

Each simulated learner is already logged in (drills/run.py made the sessions) and, for as long as
the run lasts: opens a quiz, starts it, answers every question like a person (a radio button, some
check boxes, a rating, the order of steps), sometimes sends an answer or the final submit twice
(a double click, a retry on a slow network), submits and opens the results. Every request is
logged with its time and status; every answer and submit that the server accepted (its redirect)
is written down too, so drills/run.py can check afterwards that each is stored exactly once.

No Django here: locust runs on gevent. Inputs come from files named by environment variables.
"""

import itertools
import json
import os
import random
import re
import time
from html.parser import HTMLParser

from locust import HttpUser, between, events, task

SESSIONS = json.loads(open(os.environ["DRILL_SESSIONS"], encoding="utf-8").read())  # noqa: SIM115
QUIZZES = json.loads(open(os.environ["DRILL_QUIZZES"], encoding="utf-8").read())  # noqa: SIM115
OUT = os.environ["DRILL_OUT"]
REPEAT_SHARE = float(os.environ.get("DRILL_REPEAT_SHARE", "0.1"))  # answers and submits sent twice
_requests = open(f"{OUT}.requests.{os.getpid()}.jsonl", "a", encoding="utf-8")  # noqa: SIM115
_accepted = open(f"{OUT}.accepted.{os.getpid()}.jsonl", "a", encoding="utf-8")  # noqa: SIM115
_sessions = itertools.cycle(SESSIONS)
ATTEMPT = re.compile(r"/quizzes/attempts/([0-9a-f-]{36})/(?:(\d+)|review)/")


@events.request.add_listener
def _log_request(request_type, name, response_time, response, exception, start_time=None, **kwargs):
    status = getattr(response, "status_code", 0) if response is not None else 0
    start = start_time or (time.time() - response_time / 1000)
    _requests.write(
        json.dumps(
            {
                "start": start,
                "end": start + response_time / 1000,
                "ms": response_time,
                "name": name,
                "method": request_type,
                "status": status,
                "error": type(exception).__name__ if exception and not status else "",
            }
        )
        + "\n"
    )


@events.quitting.add_listener
def _flush(environment, **kwargs):
    _requests.flush()
    _accepted.flush()


def accepted(kind: str, **data) -> None:
    _accepted.write(json.dumps({"kind": kind, "at": time.time(), **data}) + "\n")


class Forms(HTMLParser):
    """The page's forms: action, and their fields as a browser sees them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.forms, self._select = [], None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "method": a.get("method", "get"), "fields": []})
        elif not self.forms:
            return
        elif tag == "input" and a.get("name"):
            self.forms[-1]["fields"].append((a.get("type", "text"), a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self.forms[-1]["fields"].append(("select", a["name"], []))
        elif tag == "option" and self._select and a.get("value"):
            self.forms[-1]["fields"][-1][2].append(a["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None

    def form(self, *, action_ends: str | None = None, field: str | None = None):
        for form in self.forms:
            if form["method"].lower() != "post":
                continue
            if action_ends is not None and not form["action"].endswith(action_ends):
                continue
            names = {name for _type, name, _value in form["fields"]}
            if field is not None and not (names & {field} or any(n.startswith(field) for n in names)):
                continue
            return form
        return None


def hidden(form) -> dict:
    return {name: value for kind, name, value in form["fields"] if kind == "hidden"}


ANSWER_FIELDS = ("choice", "choices", "flags", "rating", "step_")


def an_answer(form) -> list[tuple[str, str]]:
    """What a learner would send: one radio per group, one or more check boxes, a distinct place
    for every step."""
    data = list(hidden(form).items())
    radios, boxes, selects = {}, {}, {}
    for kind, name, value in form["fields"]:
        if kind == "radio":
            radios.setdefault(name, []).append(value)
        elif kind == "checkbox":
            boxes.setdefault(name, []).append(value)
        elif kind == "select":
            selects[name] = value
    for name, values in radios.items():
        data.append((name, random.choice(values)))
    for name, values in boxes.items():
        for value in random.sample(values, random.randint(1, len(values))):
            data.append((name, value))
    if selects:
        places = list(range(1, len(selects) + 1))
        random.shuffle(places)
        data.extend((name, str(place)) for name, place in zip(selects, places, strict=True))
    return data


class Learner(HttpUser):
    wait_time = between(0.3, 1.2)

    def on_start(self):
        session = next(_sessions)
        self.client.cookies.set(session["name"], session["value"])

    def post(self, path, data, name):
        return self.client.post(
            path, data=data, name=name, allow_redirects=False, headers={"Referer": self.host}
        )

    @task
    def take_a_quiz(self):
        quiz = random.choice(QUIZZES)
        page = self.client.get(quiz["url"], name="quiz")
        start = Forms(page.text).form(action_ends="/start/")
        if start is None:
            return
        started = self.post(start["action"], hidden(start), "start")
        match = ATTEMPT.search(started.headers.get("Location", "")) if started.status_code == 302 else None
        if match is None:
            return
        attempt = match.group(1)
        number = int(match.group(2)) if match.group(2) else quiz["questions"] + 1  # resumed, all answered
        while number <= quiz["questions"]:
            self.wait()
            url = f"/quizzes/attempts/{attempt}/{number}/"
            question = self.client.get(url, name="question")
            form = next(
                (
                    f
                    for f in Forms(question.text).forms
                    if f["method"].lower() == "post"
                    and any(n.startswith(ANSWER_FIELDS) for _k, n, _v in f["fields"])
                ),
                None,
            )
            if form is None:
                break
            data = an_answer(form)
            times = 2 if random.random() < REPEAT_SHARE else 1
            for attempt_no in range(times):
                answered = self.post(url, data, "answer" if attempt_no == 0 else "answer again")
                if answered.status_code == 302:
                    accepted("answer", attempt=attempt, number=number, data=data)
            number += 1
        self.wait()
        review = self.client.get(f"/quizzes/attempts/{attempt}/review/", name="review")
        submit = Forms(review.text).form(action_ends="/submit/")
        if submit is None:
            return
        times = 2 if random.random() < REPEAT_SHARE else 1
        for attempt_no in range(times):
            sent = self.post(
                submit["action"], hidden(submit), "submit" if attempt_no == 0 else "submit again"
            )
            if sent.status_code == 302:
                accepted("submit", attempt=attempt)
        self.client.get(f"/quizzes/attempts/{attempt}/results/", name="results")
