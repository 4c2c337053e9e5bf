"""One file never stops a run: whatever happens while a file is read or judged is
that file's finding (unreadable_file, unsupported_file_type, internal_error).

Real files, links and FIFOs where the system can make them; the tests run as root
(chmod denies nothing), so permission and I/O errors are injected in process."""

from __future__ import annotations

import errno
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from gt_validator import files as files_module
from gt_validator import validator as validator_module
from gt_validator.files import GTFile
from gt_validator.report import FileReport
from gt_validator.validator import ISSUES_URL, Validator, build_validator
from tests.conftest import REPO

pytestmark = pytest.mark.unit

RULES = REPO / "tests" / "fixtures" / "rules"
GOOD = RULES / "out_of_range" / "pass.json"


@pytest.fixture(scope="module")
def validator() -> Validator:
    return build_validator(str(RULES / "gt-project.json"))


@pytest.fixture(autouse=True)
def no_hang() -> Iterator[None]:
    """A read that blocks (a FIFO without writer) fails the test instead of hanging it."""
    previous = signal.signal(signal.SIGALRM, signal.default_int_handler)
    signal.alarm(20)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _check(validator: Validator, path: Path) -> FileReport:
    return validator.check(GTFile(path=str(path), rel_path=None, local_path=str(path)))


def _only(report: FileReport) -> tuple[str, str]:
    (finding,) = report.findings
    assert not report.valid
    return finding.code, finding.message


def test_check__regular_file_is_read(validator: Validator, tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(GOOD.read_bytes())
    assert _check(validator, path).findings == ()


def test_check__fifo_is_not_read(validator: Validator, tmp_path: Path) -> None:
    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    code, message = _only(_check(validator, path))
    assert code == "unsupported_file_type"
    assert "named pipe (FIFO)" in message and "not a regular file" in message


def test_check__link_to_dev_zero_is_not_read(validator: Validator, tmp_path: Path) -> None:
    path = tmp_path / "zero.json"
    path.symlink_to("/dev/zero")
    code, message = _only(_check(validator, path))
    assert code == "unsupported_file_type"
    assert "character device" in message


def test_check__folder_named_json_is_not_read(validator: Validator, tmp_path: Path) -> None:
    path = tmp_path / "folder.json"
    path.mkdir()
    code, message = _only(_check(validator, path))
    assert code == "unsupported_file_type"
    assert "a directory" in message


def test_check__symlink_loop_is_unreadable(validator: Validator, tmp_path: Path) -> None:
    path = tmp_path / "loop.json"
    path.symlink_to("loop.json")
    code, message = _only(_check(validator, path))
    assert code == "unreadable_file"
    assert "symbolic link loop" in message


def test_check__dangling_link_is_unreadable(validator: Validator, tmp_path: Path) -> None:
    path = tmp_path / "dangling.json"
    path.symlink_to("missing.json")
    code, message = _only(_check(validator, path))
    assert code == "unreadable_file"
    assert "does not exist" in message


def test_check__link_to_a_regular_file_is_read(validator: Validator, tmp_path: Path) -> None:
    # The near miss of the two above.
    path = tmp_path / "link.json"
    path.symlink_to(GOOD)
    assert _check(validator, path).findings == ()


def test_check__file_vanished_after_listing_is_unreadable(
    validator: Validator, tmp_path: Path
) -> None:
    path = tmp_path / "gone.json"
    path.write_bytes(GOOD.read_bytes())
    file = GTFile(path=str(path), rel_path=None, local_path=str(path))
    path.unlink()
    code, message = _only(validator.check(file))
    assert code == "unreadable_file"
    assert "vanished" in message


def test_check__permission_denied_is_unreadable(
    validator: Validator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "secret.json"
    path.write_bytes(GOOD.read_bytes())

    def denied(*args: object, **kwargs: object) -> int:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    monkeypatch.setattr(files_module.os, "open", denied)
    code, message = _only(_check(validator, path))
    assert code == "unreadable_file"
    assert "permission denied" in message


def test_check__io_error_while_reading_is_unreadable(validator: Validator) -> None:
    def broken() -> bytes:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    code, message = _only(validator.check(GTFile(path="x.json", rel_path=None, read=broken)))
    assert code == "unreadable_file"
    assert "an I/O error" in message


def test_check__defect_in_the_rules_is_internal_error(
    validator: Validator, monkeypatch: pytest.MonkeyPatch
) -> None:
    def defect(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(validator_module, "check_document", defect)
    data = GOOD.read_bytes().replace(b'"weather": "sunny"', b'"weather": "snowy"')
    code, message = _only(validator.check_bytes(data, path="x.json", rel_path=None))
    assert code == "internal_error"
    assert "RecursionError" in message and ISSUES_URL in message


def test_check__defect_while_reading_is_internal_error(validator: Validator) -> None:
    def defect() -> bytes:
        raise KeyError("not an OSError")

    code, message = _only(validator.check(GTFile(path="x.json", rel_path=None, read=defect)))
    assert code == "internal_error"
    assert "KeyError" in message


def test_validate__one_bad_file_does_not_stop_the_run(
    validator: Validator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loop = tmp_path / "loop.json"
    loop.symlink_to("loop.json")
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)
    good = GTFile(path="good.json", rel_path=None, local_path=str(GOOD))
    files = [GTFile(path=str(p), rel_path=None, local_path=str(p)) for p in (loop, pipe)]
    report = validator.validate([files[0], good, files[1]])
    assert [f.valid for f in report.files] == [False, True, False]
    assert report.summary.to_dict()["codes"] == {"unreadable_file": 1, "unsupported_file_type": 1}


def test_check__internal_error_stays_an_error_whatever_the_levels(
    validator: Validator, monkeypatch: pytest.MonkeyPatch
) -> None:
    def defect(*args: object, **kwargs: object) -> None:
        raise ValueError("boom")

    monkeypatch.setattr(validator_module, "parse", defect)
    monkeypatch.setitem(validator._levels, "internal_error", "off")
    report = validator.check_bytes(b"{}", path="x.json", rel_path=None)
    assert [f.code for f in report.findings] == ["internal_error"]
    assert not report.valid
