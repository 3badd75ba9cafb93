"""The Redis cache backend (heritage/cache.py) reuses its Redis client instead of building
one per call. No Redis server is needed: building a client opens no connection."""

from heritage.cache import RedisCache


def test_each_call_gets_the_same_client_of_its_pool():
    cache = RedisCache("redis://127.0.0.1:1/0", {})
    client = cache._cache.get_client()
    assert cache._cache.get_client("key") is client
    assert cache._cache.get_client("key", write=True) is client


def test_reads_and_writes_keep_their_own_servers():
    cache = RedisCache("redis://127.0.0.1:1/0;redis://127.0.0.1:2/0", {})
    write = cache._cache.get_client(write=True)  # the first server takes the writes
    read = cache._cache.get_client()  # the others answer reads
    assert read is not write
    assert write.connection_pool.connection_kwargs["port"] == 1
    assert read.connection_pool.connection_kwargs["port"] == 2
    assert cache._cache.get_client("other") is read
    assert cache._cache.get_client("other", write=True) is write
