"""Django's Redis cache backend, reusing one Redis client per connection pool.

Django's own client builds a new `redis.Redis` for every cache call, and each one builds its
table of about 170 response callbacks: a quarter of a millisecond per call, as much as the
round trip to Redis, on every API request (the data-version's cached answer, the throttle).
A `redis.Redis` over a pool is safe to share (each command takes a connection from the pool)."""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client

    @property
    def _clients(self) -> dict:
        return self.__dict__.setdefault("_client_by_pool", {})


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
