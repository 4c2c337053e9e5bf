"""Every error a user can cause, through the console script: exit 2 and a message that
says what is wrong, never a traceback (``--debug`` shows one)."""

from __future__ import annotations

import json
import os
import shutil
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import boto3
import pytest

from tests.conftest import EXAMPLES
from tests.e2e.cli_support import gt_validate, project, report, valid_copy
from tests.moto_server import running_moto

pytestmark = pytest.mark.e2e

REGION = "us-east-1"
CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": REGION,
    "AWS_EC2_METADATA_DISABLED": "true",
}


@pytest.fixture(scope="module")
def moto_url() -> Iterator[str]:
    with running_moto() as url:
        yield url


def _no_boto3(tmp: Path) -> dict[str, str]:
    """An environment where ``import boto3`` fails as it does without the [s3] extra."""
    shim = tmp / "no_boto3"
    for name in ("boto3", "botocore"):
        (shim / name).mkdir(parents=True)
        (shim / name / "__init__.py").write_text(
            f"raise ModuleNotFoundError(\"No module named '{name}'\", name={name!r})\n",
            encoding="utf-8",
        )
    return {"PYTHONPATH": str(shim)}


def _no_credentials(tmp: Path, url: str) -> dict[str, str]:
    missing = str(tmp / "none")
    return {
        "AWS_ENDPOINT_URL": url,
        "AWS_ACCESS_KEY_ID": "",
        "AWS_SECRET_ACCESS_KEY": "",
        "AWS_SESSION_TOKEN": "",
        "AWS_PROFILE": "",
        "AWS_SHARED_CREDENTIALS_FILE": missing,
        "AWS_CONFIG_FILE": missing,
        "AWS_DEFAULT_REGION": REGION,
        "AWS_EC2_METADATA_DISABLED": "true",
    }


def _config_text(**overrides: object) -> str:
    config = json.loads((EXAMPLES / "gt-project.json").read_text(encoding="utf-8"))
    config.update(overrides)
    return json.dumps(config)


# Each case: (setup(tmp, moto url) -> (args, env, stdin), words the message must hold).
Setup = Callable[[Path, str], tuple[list[str], dict[str, str], bytes | None]]


def _no_path_no_config(tmp: Path, url: str) -> tuple[list[str], dict[str, str], bytes | None]:
    return [], {}, None


def _empty_folder(tmp: Path, url: str) -> tuple[list[str], dict[str, str], bytes | None]:
    project(tmp / "p")
    (tmp / "p" / "gt" / "empty").mkdir()
    return ["p/gt/empty"], {}, None


def _no_config_above(tmp: Path, url: str) -> tuple[list[str], dict[str, str], bytes | None]:
    valid_copy(tmp / "loose")
    return ["loose"], {}, None


def _missing_path(tmp: Path, url: str) -> tuple[list[str], dict[str, str], bytes | None]:
    project(tmp / "p")
    return ["p/gt/nope"], {}, None


def _output_missing_folder(tmp: Path, url: str) -> tuple[list[str], dict[str, str], bytes | None]:
    project(tmp / "p")
    return ["--output", "no/such/folder/report.txt", "p/gt"], {}, None


def _output_onto_folder(tmp: Path, url: str) -> tuple[list[str], dict[str, str], bytes | None]:
    project(tmp / "p")
    return ["--output", "p", "p/gt"], {}, None


def _s3_path_no_boto3(tmp: Path, url: str) -> tuple[list[str], dict[str, str], bytes | None]:
    config = project(tmp / "p")
    return ["--config", str(config), "s3://bucket/gt/"], _no_boto3(tmp), None


def _s3_config_no_boto3(tmp: Path, url: str) -> tuple[list[str], dict[str, str], bytes | None]:
    project(tmp / "p")
    return ["--config", "s3://bucket/gt-project.json", "p/gt"], _no_boto3(tmp), None


def _s3_no_credentials(tmp: Path, url: str) -> tuple[list[str], dict[str, str], bytes | None]:
    config = project(tmp / "p")
    return ["--config", str(config), "s3://gt-bucket/gt/"], _no_credentials(tmp, url), None


def _s3_missing_bucket(tmp: Path, url: str) -> tuple[list[str], dict[str, str], bytes | None]:
    config = project(tmp / "p")
    env = {"AWS_ENDPOINT_URL": url, **CREDENTIALS}
    return ["--config", str(config), "s3://no-such-bucket-here/gt/"], env, None


def _config_too_deep(tmp: Path, url: str) -> tuple[list[str], dict[str, str], bytes | None]:
    project(tmp / "p")
    text = _config_text()
    (tmp / "p" / "gt-project.json").write_text(
        text[:-1] + ', "extra": ' + "[" * 1000 + "1" + "]" * 1000 + "}", encoding="utf-8"
    )
    return ["p/gt"], {}, None


def _config_nul(tmp: Path, url: str) -> tuple[list[str], dict[str, str], bytes | None]:
    project(tmp / "p")
    (tmp / "p" / "gt-project.json").write_text(_config_text(gt_root="g\x00t"), encoding="utf-8")
    return ["p/gt"], {}, None


def _symlink_loop(tmp: Path, url: str) -> tuple[list[str], dict[str, str], bytes | None]:
    project(tmp / "p")
    (tmp / "p" / "gt" / "0000" / "back").symlink_to("..", target_is_directory=True)
    return ["p/gt"], {}, None


def _unknown_code(tmp: Path, url: str) -> tuple[list[str], dict[str, str], bytes | None]:
    project(tmp / "p")
    return ["--select", "unknown_class,no_such_code", "p/gt"], {}, None


def _stdin_without_name(tmp: Path, url: str) -> tuple[list[str], dict[str, str], bytes | None]:
    project(tmp / "p")
    return ["-"], {}, b"{}"


def _files_from_missing(tmp: Path, url: str) -> tuple[list[str], dict[str, str], bytes | None]:
    project(tmp / "p")
    return ["--files-from", "list.txt"], {}, None


def _broken_config(tmp: Path, url: str) -> tuple[list[str], dict[str, str], bytes | None]:
    project(tmp / "p")
    (tmp / "p" / "gt-project.json").write_text('{"resource_type": "image",', encoding="utf-8")
    return ["p/gt"], {}, None


CASES: dict[str, tuple[Setup, tuple[str, ...]]] = {
    "no PATH and no config": (_no_path_no_config, ("no gt-project.json found", "--config")),
    "empty folder": (_empty_folder, ("no GT files found under p/gt/empty",)),
    "no config above the files": (_no_config_above, ("no gt-project.json found for loose/",)),
    "PATH that does not exist": (_missing_path, ("p/gt/nope: no such file or folder",)),
    "--output into a missing folder": (
        _output_missing_folder,
        ("--output no/such/folder/report.txt", "does not exist"),
    ),
    "--output onto a folder": (_output_onto_folder, ("--output p: is a folder",)),
    "s3:// PATH without boto3": (_s3_path_no_boto3, ("pip install 'gt-validator[s3]'",)),
    "s3:// config without boto3": (_s3_config_no_boto3, ("pip install 'gt-validator[s3]'",)),
    "S3 without credentials": (_s3_no_credentials, ("gt-bucket", "Unable to locate credentials")),
    "S3 bucket that does not exist": (_s3_missing_bucket, ("no-such-bucket-here", "NoSuchBucket")),
    "config nested 1,000 deep": (_config_too_deep, ("gt-project.json", "nested more than")),
    "NUL in gt_root": (_config_nul, ("/gt_root", "NUL character")),
    "symlink loop in a folder": (_symlink_loop, ("symlink loop", "0000/back")),
    "unknown rule code": (_unknown_code, ("--select: unknown rule code no_such_code",)),
    "- without --stdin-filename": (_stdin_without_name, ("needs --stdin-filename",)),
    "--files-from a missing file": (_files_from_missing, ("--files-from list.txt",)),
    "broken config": (_broken_config, ("gt-project.json", "invalid JSON")),
}


@pytest.mark.parametrize("case", list(CASES))
def test_main__every_user_error_exits_2_without_traceback(
    case: str, tmp_path: Path, moto_url: str
) -> None:
    setup, words = CASES[case]
    args, env, stdin = setup(tmp_path, moto_url)
    for fmt in ("text", "json"):
        run = gt_validate("--format", fmt, *args, cwd=tmp_path, stdin=stdin, env=env)
        assert run.returncode == 2, (case, fmt, run.stdout, run.stderr)
        assert "Traceback" not in run.stderr + run.stdout, run.stderr
        (line,) = run.stderr.splitlines()  # one line, starting as every error does
        assert line.startswith("gt-validate: error: ")
        for word in words:
            assert word in line, (word, line)
        if fmt == "json":
            error = report(run)["error"]
            assert isinstance(error, dict) and words[-1] in str(error["message"])
        else:
            assert run.stdout == ""  # nothing is reported as valid


def test_main__debug_shows_the_traceback(tmp_path: Path, moto_url: str) -> None:
    args, env, _ = _config_nul(tmp_path, moto_url)
    run = gt_validate("--debug", *args, cwd=tmp_path, env=env)
    assert run.returncode == 2
    assert "Traceback (most recent call last)" in run.stderr
    assert run.stderr.rstrip().splitlines()[-1].startswith("gt-validate: error: ")


def test_main__s3_files_with_a_local_gt_root_say_path_mismatch_was_not_checked(
    tmp_path: Path, moto_url: str
) -> None:
    """A local config cannot place S3 objects below its gt_root: the report says so."""
    s3 = boto3.client("s3", endpoint_url=moto_url, region_name=REGION, **_keys())
    s3.create_bucket(Bucket="gt-files")
    s3.put_object(
        Bucket="gt-files",
        Key="gt/a.json",
        Body=(EXAMPLES / "gt" / "0000" / "frame_0015.json").read_bytes(),
    )
    config = project(tmp_path / "p")
    env = {"AWS_ENDPOINT_URL": moto_url, **CREDENTIALS}
    run = gt_validate(
        "--format", "json", "--config", str(config), "s3://gt-files/gt/", cwd=tmp_path, env=env
    )
    body = report(run)
    notes = body["summary"]["notes"]  # type: ignore[index]
    assert any("path_mismatch was not checked for 1 S3 file" in n for n in notes), notes
    (entry,) = body["files"]  # type: ignore[misc]
    assert "path_mismatch" not in {f["code"] for f in entry["findings"]}


def _keys() -> dict[str, str]:
    return {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def test_run__killed_worker_exits_2_naming_the_signal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A worker killed mid-run (the OOM killer): exit 2, no partial report. The kill is
    injected in process: nothing else makes the OS kill one worker at a known moment."""
    from gt_validator.cli import main as cli
    from gt_validator.cli import parallel
    from gt_validator.cli.parallel import MIN_FILES_FOR_WORKERS

    project(tmp_path / "p")
    for i in range(MIN_FILES_FOR_WORKERS):
        valid_copy(tmp_path / "p" / "gt", f"copy{i:03d}.json")
    parent = os.getpid()
    real = parallel._compact

    def die_in_a_worker(items: object) -> object:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(items)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "_compact", die_in_a_worker)
    code = cli.main(["--jobs", "2", str(tmp_path / "p" / "gt")])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert "worker process was killed by SIGKILL" in err


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find workers")
def test_main__worker_killed_from_outside_exits_2_without_traceback(tmp_path: Path) -> None:
    """The console script with --jobs 2, one worker SIGKILLed as the OOM killer would."""
    import subprocess

    from tests.e2e.cli_support import console_script

    project(tmp_path / "p")
    for i in range(40):  # 40 x 15 files: the workers live long enough to be found
        shutil.copytree(EXAMPLES / "gt", tmp_path / "p" / "gt" / f"copy{i:02d}")
    outcomes = []
    for _ in range(3):  # a worker may finish before it is found: try again
        proc = subprocess.Popen(
            [console_script(), "--jobs", "2", "p/gt"],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        killed = False
        while proc.poll() is None and not killed:
            for child in _children(proc.pid):
                os.kill(child, signal.SIGKILL)
                killed = True
        out, err = proc.communicate(timeout=120)
        outcomes.append((proc.returncode, err.decode()))
        assert b"Traceback" not in out + err
        if killed and proc.returncode == 2:
            break
    code, message = outcomes[-1]
    assert code == 2, outcomes
    assert "gt-validate: error: --jobs: a worker process was killed by SIGKILL" in message
