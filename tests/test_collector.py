"""The garbage collector set for extraction (newsarchive.collector)."""

from __future__ import annotations

import gc

from newsarchive.collector import YOUNG_GENERATION, tuned_for_extraction
from newsarchive.extract import extract_page


def test_a_crawl_sets_the_collector_for_extraction_and_gives_it_back() -> None:
    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    with tuned_for_extraction():
        assert gc.get_threshold() == (YOUNG_GENERATION, *before[1:])
        assert gc.get_freeze_count() > frozen  # what existed is out of the walks
        page = b"<html><head><title>Story</title></head><body><h1>Story</h1></body></html>"
        assert extract_page(page, "http://127.0.0.1/story").article.headline == "Story"
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_a_failed_block_gives_the_collector_back_too() -> None:
    before = gc.get_threshold()
    try:
        with tuned_for_extraction():
            raise RuntimeError("the crawl failed")
    except RuntimeError:
        pass
    assert gc.get_threshold() == before
