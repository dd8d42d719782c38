"""Frontier leases: two worker processes share one site's run, each URL fetched by one of
them; one killed with -9 mid-way has its leases lapse and its URLs taken by the other; nothing
stored is fetched again. Real processes, a real loopback site, both databases."""

from __future__ import annotations

from newsarchive.testing import NewsSite, SiteServer
from newsarchive.testing.leasing import share_site


def test_two_workers_share_one_site_every_page_once(db_url: str) -> None:
    with SiteServer(NewsSite(n_articles=120)) as server:
        report = share_site(db_url, server, 2)
    assert report.exit_codes == [0, 0]
    assert report.articles == report.expected == 120
    assert report.duplicate_revisions == 0
    assert report.fetched_after_store == []  # no page fetched twice
    assert report.fetches == 120


def test_a_killed_workers_leases_lapse_and_nothing_stored_is_fetched_again(db_url: str) -> None:
    with SiteServer(NewsSite(n_articles=150)) as server:
        report = share_site(db_url, server, 2, kill_after=30, batch=10, ttl=1.5)
    assert report.exit_codes[0] == -9
    assert report.exit_codes[1] == 0
    assert report.articles == report.expected == 150
    assert report.duplicate_revisions == 0
    assert report.fetched_after_store == []
    assert report.fetches <= 150 + 10  # at most the killed worker's last lease, again
