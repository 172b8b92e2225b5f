"""Writing a PDF collects garbage less often, and puts the collector back as it found it."""

from __future__ import annotations

import gc
import threading

from scrutiny.reports import pdf


def test_thresholds_are_raised_inside_and_restored_after() -> None:
    before = gc.get_threshold()
    with pdf.collecting_less():
        inside = gc.get_threshold()
    assert inside[0] == max(before[0], pdf.YOUNG_OBJECTS) and inside[1:] == before[1:]
    assert gc.get_threshold() == before


def test_overlapping_writers_restore_only_when_the_last_one_ends() -> None:
    before = gc.get_threshold()
    first_in, second_out = threading.Event(), threading.Event()
    seen: list[tuple[int, int, int]] = []

    def second() -> None:
        first_in.wait()
        with pdf.collecting_less():
            pass
        seen.append(gc.get_threshold())  # the first writer is still inside
        second_out.set()

    worker = threading.Thread(target=second)
    worker.start()
    with pdf.collecting_less():
        first_in.set()
        second_out.wait(timeout=10)
    worker.join()
    assert seen == [(max(before[0], pdf.YOUNG_OBJECTS), *before[1:])]
    assert gc.get_threshold() == before


def test_an_error_inside_still_restores() -> None:
    before = gc.get_threshold()
    try:
        with pdf.collecting_less():
            raise RuntimeError("layout failed")
    except RuntimeError:
        pass
    assert gc.get_threshold() == before
