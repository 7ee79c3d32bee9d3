"""The password reset page answers as fast for a registered address as for an unknown one.

The audit measured 57–68 ms against 11–19 ms: the work for a registered address (finding
the account, making the token, rendering the e-mail, sending it) happened in the request,
so the timing told which addresses have accounts. Now the request only queues a task
with the address; the task does the rest. Here tasks are eager but deferred to the
commit, which the test never reaches, as with a real broker.
"""

import statistics
import time

from django.core import mail

ROUNDS = 30


def _elapsed_ms(client, email):
    start = time.perf_counter()
    response = client.post("/akun/sandi/lupa/", {"email": email})
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 302
    assert response["Location"] == "/akun/sandi/lupa/terkirim/"
    return elapsed


def test_registered_and_unknown_addresses_take_the_same_time(client, manager):
    manager.language = "id"
    manager.save(update_fields=["language"])
    for email in (manager.email, "tidak.ada@example.org"):  # warm up both paths
        _elapsed_ms(client, email)
    known, unknown = [], []
    for _ in range(ROUNDS):  # interleaved: a slow moment of the machine hits both alike
        known.append(_elapsed_ms(client, manager.email))
        unknown.append(_elapsed_ms(client, "tidak.ada@example.org"))

    known_median, unknown_median = statistics.median(known), statistics.median(unknown)
    print(f"reset median: registered {known_median:.2f} ms, unknown {unknown_median:.2f} ms")
    # The audit saw 45 ms between them; a shared CI machine jitters by a fraction of one.
    assert abs(known_median - unknown_median) < max(1.0, 0.2 * unknown_median)
    assert mail.outbox == []  # nothing was sent inside a request


def test_the_request_does_the_same_work_for_both(
    client, manager, django_assert_num_queries, django_capture_on_commit_callbacks
):
    queued = {}
    for email in (manager.email, "tidak.ada@example.org"):
        with django_assert_num_queries(0), django_capture_on_commit_callbacks() as callbacks:
            client.post("/akun/sandi/lupa/", {"email": email})
        queued[email] = len(callbacks)
    assert queued == {manager.email: 1, "tidak.ada@example.org": 1}  # the task, nothing else


def test_the_task_mails_a_registered_address_and_ignores_an_unknown_one(
    client, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/akun/sandi/lupa/", {"email": "tidak.ada@example.org"})
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/akun/sandi/lupa/", {"email": manager.email.upper()})
    assert [m.to for m in mail.outbox] == [[manager.email]]
    assert "/akun/sandi/atur/" in mail.outbox[0].body
