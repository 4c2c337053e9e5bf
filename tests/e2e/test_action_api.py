"""RestClient against the loopback API: GHES base URL, Link pagination, errors."""

from __future__ import annotations

import pytest

from gt_validator.github.api import GitHubError, RestClient, next_link
from tests.e2e.fake_github import FakeGitHub

pytestmark = pytest.mark.e2e


def test_next_link__picks_next_among_others() -> None:
    header = '<https://ghe/api/v3/x?page=3>; rel="last", <https://ghe/api/v3/x?page=2>; rel="next"'
    assert next_link(header) == "https://ghe/api/v3/x?page=2"
    assert next_link('<https://ghe/x?page=1>; rel="prev"') is None
    assert next_link(None) is None


def test_rest_client__paginates_comments(fake: FakeGitHub) -> None:
    for i in range(250):
        fake.add_comment(4, f"c{i}")
    client = RestClient(fake.url, "tok")
    assert [c.body for c in client.list_comments("o/r", 4)] == [f"c{i}" for i in range(250)]
    gets = fake.calls("GET", "/repos/o/r/issues/4/comments")
    assert len(gets) == 3 and all(r.headers["authorization"] == "Bearer tok" for r in gets)
    assert gets[0].headers["x-github-api-version"] == "2022-11-28"


def test_rest_client__create_and_update(fake: FakeGitHub) -> None:
    client = RestClient(fake.url + "/", None)
    created = client.create_comment("o/r", 4, "hello")
    client.update_comment("o/r", created.id, "bye")
    assert [c["body"] for c in fake.comments[4]] == ["bye"]
    assert "authorization" not in fake.requests[0].headers


def test_rest_client__403_raises_with_message(fake: FakeGitHub) -> None:
    fake.forbid_writes = True
    with pytest.raises(GitHubError) as info:
        RestClient(fake.url).create_comment("o/r", 4, "x")
    assert info.value.status == 403 and "not accessible" in info.value.message


def test_rest_client__unreachable_is_status_0() -> None:
    with pytest.raises(GitHubError) as info:
        list(RestClient("http://127.0.0.1:9", timeout=5).list_comments("o/r", 1))
    assert info.value.status == 0
