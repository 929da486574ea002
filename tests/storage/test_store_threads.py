"""Threads share the store's one connection in arrival order, so a busy autosave cannot starve a backup."""

from __future__ import annotations

import threading
import time

from casereader.storage.database import Turnstile


def test_turnstile_serves_waiters_first_come_first_served() -> None:
    gate = Turnstile()
    order: list[int] = []
    gate.acquire()
    threads = []
    for n in range(5):
        t = threading.Thread(target=lambda n=n: (gate.acquire(), order.append(n), gate.release()))
        t.start()
        threads.append(t)
        while len(gate._waiting) < n + 1:  # wait until thread n is queued before starting the next
            time.sleep(0.001)
    gate.release()
    for t in threads:
        t.join(timeout=5)
    assert order == [0, 1, 2, 3, 4]
    gate.acquire()  # free again afterwards
    gate.release()


def test_a_greedy_thread_does_not_starve_another() -> None:
    gate = Turnstile()
    stop = threading.Event()
    greedy_turns = 0

    def greedy() -> None:
        nonlocal greedy_turns
        while not stop.is_set():
            with gate.turn():
                greedy_turns += 1
                time.sleep(0.0005)

    t = threading.Thread(target=greedy)
    t.start()
    try:
        started = time.monotonic()
        for _ in range(20):
            with gate.turn():
                pass
        waited = time.monotonic() - started
    finally:
        stop.set()
        t.join()
    assert greedy_turns > 0 and waited < 2.0
