"""Simulated visitors for `manage.py loadtest` (run by locust, not imported by the portal).

Officers (signed in) work through the review queue, the KIM list and KIM pages; the public
browses the directory, searches it, opens KIM profiles and checks letters. The sample of
ids, tokens and session cookies comes from the file named by LOADTEST_DATA."""

import json
import os
import random

from locust import HttpUser, between, task

with open(os.environ["LOADTEST_DATA"]) as handle:
    DATA = json.load(handle)
# Think time between a visitor's requests, seconds.
WAIT = between(*(float(s) for s in os.environ.get("LOADTEST_WAIT", "0.5,2").split(",")))


class Visitor(HttpUser):
    abstract = True
    wait_time = WAIT

    def get(self, url, name):
        """A page, not a redirect (to the login page, say): anything but 200 is an error."""
        with self.client.get(
            url, name=name, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")


class Officer(Visitor):
    weight = 1

    def on_start(self):
        self.client.cookies.update(DATA["officer_cookies"])

    @task(3)
    def queue(self):
        self.get("/kim/peninjauan/", "officer: review queue p1")

    @task(1)
    def queue_deep(self):
        self.get(DATA["queue_deep"], "officer: review queue last page")

    @task(3)
    def kim_list(self):
        self.get("/kim/", "officer: KIM list p1")

    @task(1)
    def kim_list_deep(self):
        self.get(DATA["kim_list_deep"], "officer: KIM list last page")

    @task(4)
    def kim_detail(self):
        pk = random.choice(DATA["officer_kims"])
        self.get(f"/kim/{pk}/", "officer: KIM detail")


class Public(Visitor):
    weight = 2

    @task(4)
    def directory(self):
        self.get("/direktori/", "public: directory p1")

    @task(1)
    def directory_deep(self):
        self.get(DATA["directory_deep"], "public: directory last page")

    @task(3)
    def search(self):
        word = random.choice(DATA["words"])
        self.get(f"/direktori/?q={word}", "public: directory search")

    @task(3)
    def profile(self):
        pk = random.choice(DATA["registered_kims"])
        self.get(f"/direktori/{pk}/", "public: KIM profile")

    @task(2)
    def verify(self):
        token = random.choice(DATA["tokens"])
        self.get(f"/v/{token}/", "public: letter verification")


class Baseline(Visitor):
    """The same number of visitors on the trivial view and the health check (a run of its
    own: the command names the classes of each run)."""

    @task(1)
    def ok(self):
        self.get("/bench/ok", "baseline: ok view")

    @task(1)
    def healthz(self):
        self.get("/healthz", "baseline: /healthz")


class Capacity(Visitor):
    """One page as fast as it answers (no think time): requests/s the server manages."""

    wait_time = between(0, 0)

    def on_start(self):
        if os.environ.get("LOADTEST_SIGNED_IN") == "1":
            self.client.cookies.update(DATA["officer_cookies"])

    @task
    def page(self):
        self.get(os.environ["LOADTEST_URL"], os.environ["LOADTEST_NAME"])
