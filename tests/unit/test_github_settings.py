"""Settings.from_environ: inputs as INPUT_<NAME>, runner variables, the token."""

from __future__ import annotations

from pathlib import Path

import pytest

from gt_validator.github.settings import Settings, UsageError, split_globs

pytestmark = pytest.mark.unit


def _env(**inputs: str) -> dict[str, str]:
    env = {"GITHUB_WORKSPACE": "/w", "GITHUB_EVENT_NAME": "pull_request"}
    env.update({f"INPUT_{k.upper()}": v for k, v in inputs.items()})
    return env


def test_from_environ__defaults_on_pull_request() -> None:
    s = Settings.from_environ(_env())
    assert (s.changed_only, s.fail_on, s.comment, s.annotations) == (True, "error", True, True)
    assert s.api_url == "https://api.github.com"
    assert s.config is None and s.sarif is None and s.function_name is None
    assert s.workspace == Path("/w").resolve()


def test_from_environ__changed_only_defaults_false_on_push() -> None:
    env = _env()
    env["GITHUB_EVENT_NAME"] = "push"
    assert Settings.from_environ(env).changed_only is False


def test_from_environ__dash_kept_in_input_names() -> None:
    s = Settings.from_environ(
        _env(**{"fail-on": "warning", "changed-only": "false", "function-name": "gt-fn"})
    )
    assert (s.fail_on, s.changed_only, s.function_name) == ("warning", False, "gt-fn")


def test_from_environ__bad_fail_on_is_usage_error() -> None:
    with pytest.raises(UsageError, match="fail-on"):
        Settings.from_environ(_env(**{"fail-on": "sometimes"}))


def test_from_environ__bad_boolean_is_usage_error() -> None:
    with pytest.raises(UsageError, match="comment"):
        Settings.from_environ(_env(comment="yes"))


def test_from_environ__token_input_wins_over_github_token() -> None:
    env = _env(**{"github-token": "from-input"})
    env["GITHUB_TOKEN"] = "from-env"
    assert Settings.from_environ(env).token == "from-input"
    del env["INPUT_GITHUB-TOKEN"]
    assert Settings.from_environ(env).token == "from-env"


def test_settings__repr_hides_token() -> None:
    s = Settings.from_environ(_env(**{"github-token": "ghs_secret123"}))
    assert "ghs_secret123" not in repr(s)


def test_from_environ__api_url_honoured_without_trailing_slash() -> None:
    env = _env()
    env["GITHUB_API_URL"] = "https://ghe.example.com/api/v3/"
    assert Settings.from_environ(env).api_url == "https://ghe.example.com/api/v3"


def test_from_environ__repository_must_be_owner_name() -> None:
    env = _env()
    env["GITHUB_REPOSITORY"] = "../../etc"
    with pytest.raises(UsageError):
        Settings.from_environ(env)


def test_split_globs__newlines_and_spaces() -> None:
    assert split_globs("gt/a/**\n  gt/b/*.json  other\n") == ("gt/a/**", "gt/b/*.json", "other")


def test_report_dir__runner_temp_else_workspace() -> None:
    env = _env()
    assert Settings.from_environ(env).report_dir == Path("/w").resolve()
    env["RUNNER_TEMP"] = "/tmp/runner"
    assert Settings.from_environ(env).report_dir == Path("/tmp/runner")
