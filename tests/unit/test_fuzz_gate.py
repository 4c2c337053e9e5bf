"""Fuzz the two implementations of the rules against each other: the C gate never
says "certainly clean" where the detailed Python rules find something, and a
report is byte for byte the same with the gate, without it, and without the C
extension at all (GT_VALIDATOR_NO_SPEEDUPS=1, in a fresh process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from functools import partial
from pathlib import Path
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gt_validator.rules.context import RuleContext
from tests.conftest import REPO
from tests.strategies.catalog import MUTATIONS, mutants
from tests.strategies.documents import Case, cases
from tests.strategies.harness import KNOWN_BUGS, as_shipped, check, config_text, validator_for

try:
    from gt_validator.rules.fast import NO_SPEEDUPS_ENV, Gate
except ImportError:  # the gate lands with issue 8's two-implementations work
    pytest.skip("gt_validator.rules.fast.Gate is not on this branch", allow_module_level=True)

pytestmark = pytest.mark.unit

WORKING = tuple(sorted(set(MUTATIONS) - set(KNOWN_BUGS)))
# Decided before the rules run (parsing) or by where the file lives: not the gate's.
NOT_THE_GATES = {"invalid_json", "byte_order_mark", "duplicate_key", "path_mismatch"}


def _gate(config: dict[str, Any]) -> Gate:
    gate = Gate.build(RuleContext.from_config(validator_for(config).config))
    if gate is None:
        pytest.skip("the C extension is not built here (or GT_VALIDATOR_NO_SPEEDUPS=1)")
    return gate


@st.composite
def candidates(draw: st.DrawFn) -> tuple[Case, bytes]:
    """A valid file or one broken in one way: what the gate must tell apart."""
    case = draw(cases())
    if draw(st.booleans()):
        return case, case.dumps()
    return case, draw(mutants(case, WORKING)).data


@given(candidates())
def test_gate_members__never_clean_where_the_detailed_rules_find_something(
    drawn: tuple[Case, bytes],
) -> None:
    case, data = drawn
    try:
        doc = orjson.loads(data.removeprefix(b"\xef\xbb\xbf"))
    except orjson.JSONDecodeError:
        return  # not a document: the gate never sees it
    if _gate(case.config).members(doc) is None:
        return  # "maybe not": nothing promised
    detailed = check(case.config, data, None, gate=False)
    found = [f for f in detailed.findings if f.code not in NOT_THE_GATES]
    assert found == [], f"the gate said clean, the detailed rules found {found}"


@given(candidates())
def test_check_bytes__same_report_with_and_without_the_gate(drawn: tuple[Case, bytes]) -> None:
    case, data = drawn
    _gate(case.config)
    with_gate = check(case.config, data, case.rel_path)
    without = check(case.config, data, case.rel_path, gate=False)
    assert json.dumps(with_gate.to_dict()) == json.dumps(without.to_dict())


_PURE_PYTHON = textwrap.dedent(
    """
    import json, sys
    from gt_validator.config.load import load_config
    from gt_validator.validator import Validator
    out = []
    for config, data, rel_path in json.load(sys.stdin):
        validator = Validator(load_config(config))
        report = validator.check_bytes(open(data, "rb").read(), path="fuzz.json", rel_path=rel_path)
        out.append(report.to_dict())
    print(json.dumps(out))
    """
)


@settings(max_examples=max(2, settings.default.max_examples // 30))
@given(batch=st.lists(candidates(), min_size=5, max_size=20))
def test_check_bytes__same_report_without_the_c_extension(
    batch: list[tuple[Case, bytes]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("pure")
    jobs, expected = [], []
    for i, (case, data) in enumerate(batch):
        (folder / str(i)).mkdir()
        config, gt = folder / str(i) / "gt-project.json", folder / str(i) / "gt.json"
        config.write_text(config_text(case.config), encoding="utf-8")
        gt.write_bytes(data)
        jobs.append((str(config), str(gt), case.rel_path))
        expected.append(as_shipped(partial(_in_process, config, data, case.rel_path)))
    env = {**os.environ, NO_SPEEDUPS_ENV: "1"}
    run = subprocess.run(
        [sys.executable, "-c", _PURE_PYTHON],
        input=json.dumps(jobs),
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout == json.dumps(expected) + "\n"


def _in_process(config: Path, data: bytes, rel_path: str) -> dict[str, Any]:
    from gt_validator.config.load import load_config
    from gt_validator.validator import Validator

    validator = Validator(load_config(str(config)))
    return validator.check_bytes(data, path="fuzz.json", rel_path=rel_path).to_dict()
