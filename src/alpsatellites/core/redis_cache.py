"""Django's Redis cache, with one client per connection pool instead of one per operation.

Django 5.2 builds a new redis.Redis object for every cache call (~0.2 ms with redis-py 8;
redis-py issue #3624). A cached page makes two calls, so that was a third of a cache hit's cost
in benchmarks/serving.py. redis.Redis is thread-safe and the pools are already shared, so
reusing the client changes nothing else.
"""

from typing import Any

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    # Django's private helpers (_get_connection_pool_index, _get_connection_pool, _client) are
    # not in django-stubs: `self` is read as Any for them, pinned to Django 5.2 by pyproject.

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        private: Any = self
        index = private._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = private._client(
                connection_pool=private._get_connection_pool(write)
            )
        return client


class ReusingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
