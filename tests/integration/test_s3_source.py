"""The CLI's S3 source (sources/s3.py) against the session's moto server.

Objects are listed by S3 itself (ListObjectsV2, paginated) and read with concurrent
GETs; the report of an S3 prefix must equal the report of the same files on disk.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import orjson
import pytest

from gt_validator.config.load import load_config
from gt_validator.sources.local import MissingPath
from gt_validator.sources.s3 import collect_s3

pytestmark = pytest.mark.integration

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CONFIG = b'{"resource_type": "image", "task_types": ["box"], "gt_root": "gt"}'


class CountingS3:
    """An S3 client that counts GetObject calls per key (thread-safe)."""

    def __init__(self, client: Any) -> None:
        self._client, self.gets, self._lock = client, [], threading.Lock()

    def get_object(self, **kwargs: Any) -> Any:
        with self._lock:
            self.gets.append(kwargs["Key"])
        return self._client.get_object(**kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


@pytest.fixture
def bucket(s3: Any) -> str:
    name = f"src-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    s3.put_object(Bucket=name, Key="gt-project.json", Body=CONFIG)
    return name


def _put_all(s3: Any, bucket: str, objects: dict[str, bytes]) -> None:
    with ThreadPoolExecutor(8) as pool:
        list(
            pool.map(
                lambda kv: s3.put_object(Bucket=bucket, Key=kv[0], Body=kv[1]), objects.items()
            )
        )


def test_collect_s3__lists_json_keys_with_sizes_and_paths_below_gt_root(
    s3: Any, bucket: str
) -> None:
    objects = {
        "gt/a/x.json": b"{}",
        "gt/a/b/y.json": b"[1, 2]",
        "gt/a/z.jpg": b"jpeg",
        "gt/c d+(1).json": b'{"k": 1}',
        "other/w.json": b"{}",
    }
    _put_all(s3, bucket, objects)
    config = load_config(f"s3://{bucket}/gt-project.json")
    files = collect_s3([f"s3://{bucket}/gt/"], config)
    assert [f.path for f in files] == [
        f"s3://{bucket}/gt/a/b/y.json",
        f"s3://{bucket}/gt/a/x.json",
        f"s3://{bucket}/gt/c d+(1).json",
    ]
    assert [f.rel_path for f in files] == ["a/b/y.json", "a/x.json", "c d+(1).json"]
    assert [f.size for f in files] == [6, 2, 8]
    assert [f.read_bytes() for f in files] == [b"[1, 2]", b"{}", b'{"k": 1}']


def test_collect_s3__a_prefix_without_slash_and_a_single_object(s3: Any, bucket: str) -> None:
    _put_all(s3, bucket, {"gt/a/x.json": b"{}", "gt/ab.json": b"{}", "elsewhere.json": b"{}"})
    config = load_config(f"s3://{bucket}/gt-project.json")
    folder = collect_s3([f"s3://{bucket}/gt/a"], config)
    assert [(f.path, f.rel_path) for f in folder] == [(f"s3://{bucket}/gt/a/x.json", "a/x.json")]
    (single,) = collect_s3([f"s3://{bucket}/elsewhere.json"], config)
    assert single.rel_path == "../elsewhere.json"  # outside gt_root: can never mirror


def test_collect_s3__skips_the_config_object_when_listing_the_bucket(s3: Any, bucket: str) -> None:
    _put_all(s3, bucket, {"gt/x.json": b"{}"})
    config = load_config(f"s3://{bucket}/gt-project.json")
    files = collect_s3([f"s3://{bucket}/"], config)
    assert [f.path for f in files] == [f"s3://{bucket}/gt/x.json"]


def test_collect_s3__a_prefix_with_nothing_under_it_is_a_missing_path(s3: Any, bucket: str) -> None:
    config = load_config(f"s3://{bucket}/gt-project.json")
    with pytest.raises(MissingPath, match="no such object or prefix"):
        collect_s3([f"s3://{bucket}/nothing/here/"], config)


def test_collect_s3__pages_past_a_thousand_keys(s3: Any, bucket: str) -> None:
    _put_all(s3, bucket, {f"gt/{i:05d}.json": b"{}" for i in range(1005)})
    config = load_config(f"s3://{bucket}/gt-project.json")
    files = collect_s3([f"s3://{bucket}/gt/"], config)
    assert len(files) == 1005
    assert files[-1].rel_path == "01004.json"


def test_collect_s3__reads_ahead_each_object_once_and_never_a_too_large_one(
    s3: Any, bucket: str
) -> None:
    objects = {f"gt/{i:03d}.json": b"{}" for i in range(60)}
    objects["gt/050.json"] = b" " * 64
    _put_all(s3, bucket, objects)
    s3.put_object(
        Bucket=bucket,
        Key="gt-project.json",
        Body=CONFIG[:-1] + b', "limits": {"max_file_bytes": 10}}',
    )
    config = load_config(f"s3://{bucket}/gt-project.json")
    counting = CountingS3(s3)
    files = collect_s3([f"s3://{bucket}/gt/"], config, workers=4, client=counting)
    assert files[0].read_bytes() == b"{}"
    assert len(counting.gets) > 1  # the next objects were requested with the first
    for f in files[1:]:
        if f.size is not None and f.size <= config.max_file_bytes:
            assert f.read_bytes() == b"{}"
    assert sorted(counting.gets) == sorted(k for k in objects if k != "gt/050.json")


def test_collect_s3__an_object_gone_before_it_is_read_raises_oserror(s3: Any, bucket: str) -> None:
    _put_all(s3, bucket, {"gt/x.json": b"{}"})
    config = load_config(f"s3://{bucket}/gt-project.json")
    (gone,) = collect_s3([f"s3://{bucket}/gt/"], config)
    s3.delete_object(Bucket=bucket, Key="gt/x.json")
    with pytest.raises(OSError, match=r"gt/x\.json"):
        gone.read_bytes()


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "gt_validator", *args],
        capture_output=True,
        cwd=cwd,
        env=dict(os.environ),
        timeout=120,
        check=False,
    )


def _by_rel_path(report: dict[str, Any], base: str) -> dict[str, Any]:
    out = {}
    for entry in report["files"]:
        assert entry["path"].startswith(base)
        out[entry["path"][len(base) :]] = (entry["valid"], entry["findings"])
    return out


def test_cli__an_s3_prefix_reports_what_the_same_files_report_on_disk(
    s3: Any, moto_server: str
) -> None:
    name = f"cli-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name)
    uploads = {
        "gt-project.json": (EXAMPLES / "gt-project.json").read_bytes(),
        "resources.jsonl": (EXAMPLES / "resources.jsonl").read_bytes(),
    }
    for path in sorted((EXAMPLES / "gt").rglob("*.json")):
        uploads["gt/" + path.relative_to(EXAMPLES / "gt").as_posix()] = path.read_bytes()
    _put_all(s3, name, uploads)

    remote = _cli(
        f"s3://{name}/gt/", "--config", f"s3://{name}/gt-project.json", "--format", "json"
    )
    local = _cli("gt", "--config", "gt-project.json", "--format", "json", cwd=EXAMPLES)

    assert remote.returncode == local.returncode == 1, remote.stderr
    remote_report, local_report = orjson.loads(remote.stdout), orjson.loads(local.stdout)
    assert remote_report["summary"] == local_report["summary"]
    assert remote_report["summary"]["files"] == len(uploads) - 2
    assert _by_rel_path(remote_report, f"s3://{name}/gt/") == _by_rel_path(local_report, "gt/")
