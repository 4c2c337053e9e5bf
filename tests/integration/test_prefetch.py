"""Prefetched: a Distributed Map batch's objects are read once each, concurrently,
small ones only, and a failed GET stays that object's own failure."""

from __future__ import annotations

import threading
import uuid
from typing import Any

import pytest

from gt_validator.aws.events import ObjectRef
from gt_validator.aws.prefetch import Prefetched

pytestmark = pytest.mark.integration


class _CountingS3:
    """The real (moto-backed) client, counting GETs and the threads that made them."""

    def __init__(self, s3: Any) -> None:
        self.s3, self.gets, self.threads = s3, [], set()
        self._lock = threading.Lock()

    def get_object(self, **kwargs: Any) -> Any:
        with self._lock:
            self.gets.append(kwargs["Key"])
            self.threads.add(threading.get_ident())
        return self.s3.get_object(**kwargs)


@pytest.fixture
def bucket(s3: Any) -> str:
    name = f"prefetch-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    return name


def test_prefetched__reads_each_small_object_once_on_several_threads(s3: Any, bucket: str) -> None:
    refs = []
    for i in range(40):
        key = f"gt/{i:03d}.json"
        s3.put_object(Bucket=bucket, Key=key, Body=f'{{"n": {i}}}'.encode())
        refs.append(ObjectRef(bucket=bucket, key=key, size=len(f'{{"n": {i}}}')))
    big = ObjectRef(bucket=bucket, key="gt/big.json", size=10_000)
    s3.put_object(Bucket=bucket, Key=big.key, Body=b"x" * 10_000)
    counting = _CountingS3(s3)

    prefetched = Prefetched(counting, [*refs, big], limit=1_000)

    assert sorted(counting.gets) == sorted(r.key for r in refs)  # not the one over the limit
    assert len(counting.threads) > 1
    body = prefetched.get_object(Bucket=bucket, Key="gt/007.json")["Body"].read()
    assert body == b'{"n": 7}'
    assert prefetched.get_object(Bucket=bucket, Key=big.key)["Body"].read() == b"x" * 10_000
    assert len(counting.gets) == 41  # the big one read when asked, the small one from memory


def test_prefetched__a_failed_get_is_raised_for_that_object_only(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="gt/here.json", Body=b"{}")
    refs = [
        ObjectRef(bucket=bucket, key="gt/here.json", size=2),
        ObjectRef(bucket=bucket, key="gt/gone.json", size=2),
    ]
    prefetched = Prefetched(s3, refs, limit=1_000)
    assert prefetched.get_object(Bucket=bucket, Key="gt/here.json")["Body"].read() == b"{}"
    with pytest.raises(Exception, match=r"NoSuchKey|Not Found|does not exist"):
        prefetched.get_object(Bucket=bucket, Key="gt/gone.json")


def test_prefetched__stops_at_the_byte_budget_of_the_batch(s3: Any, bucket: str) -> None:
    refs = []
    for i in range(5):
        key = f"gt/{i}.json"
        s3.put_object(Bucket=bucket, Key=key, Body=b"x" * 100)
        refs.append(ObjectRef(bucket=bucket, key=key, size=100))
    counting = _CountingS3(s3)

    prefetched = Prefetched(counting, refs, limit=1_000, budget=300)

    assert sorted(counting.gets) == ["gt/0.json", "gt/1.json", "gt/2.json"]  # 300 bytes
    assert prefetched.get_object(Bucket=bucket, Key="gt/4.json")["Body"].read() == b"x" * 100
    assert len(counting.gets) == 4  # the rest read when judged


def test_prefetched__the_default_budget_is_what_the_memory_table_assumes() -> None:
    from gt_validator.aws import prefetch

    # docs/deploy.md sizes MemorySize with this budget; changing it means re-measuring.
    assert prefetch.PREFETCH_BUDGET_BYTES == 64 * 1024 * 1024
    assert prefetch.PREFETCH_MAX_BYTES <= prefetch.PREFETCH_BUDGET_BYTES
