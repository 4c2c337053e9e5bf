"""Generate the benchmark corpus: deterministic (seeded), realistic GT files.

    python bench/corpus.py            # writes bench/corpus/ (git-ignored)
    python bench/corpus.py --verify   # and checks the corpora with gt-validate

Four projects, each a folder with its own ``gt-project.json``,
``resources.jsonl`` (every resource ``not_started``) and ``gt/``:

- ``valid/``: N valid files (default 5,000), about 60 annotations and 24 KB
  each: boxes, polygons and poly_segs of 4-40 points, polylines, keypoints.
  ``parent_path``/``filename`` mirror the file's location under ``gt/``.
- ``one-finding/``: the same files, each with exactly one realistic mistake
  (a label in the wrong case, an attribute value not in the list, a point
  outside the image, a trailing comma...). ``expected.json`` maps each file to
  the code it must produce.
- ``large/``: one valid file of about 50 MB (under the default 50 MiB limit).
- ``compact/``: N/5 valid files (default 1,000) written compactly (no spaces
  after separators), with 1 to 400 annotations each (uniformly drawn): small
  and large files, and more structure per byte than ``valid/``.

The same seed always gives the same bytes.
"""

from __future__ import annotations

import argparse
import copy
import json
import random
import shutil
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
DEFAULT_OUT = BENCH / "corpus"
DEFAULT_SEED = 20230503
FRAMES_PER_SCENE = 100
ANNOTATIONS_PER_FILE = 60
LARGE_TARGET_BYTES = 50_000_000  # "about 50 MB", under the default 50 MiB limit
COMPACT_MOST_ANNOTATIONS = 400

Doc = dict[str, Any]
Annotation = dict[str, Any]

# ---------------------------------------------------------------- the project


def _select(name: str, values: list[str], required: bool = False) -> dict[str, Any]:
    spec: dict[str, Any] = {"name": name, "type": "select", "values": values}
    if required:
        spec["required"] = True
    return spec


def _multi(name: str, values: list[str]) -> dict[str, Any]:
    return {"name": name, "type": "multi_select", "values": values}


CLASSES: list[dict[str, Any]] = [
    {
        "name": "car",
        "types": ["box", "polygon"],
        "attributes": [
            _select("weather", ["sunny", "cloudy", "rainy", "foggy"], required=True),
            _multi("color", ["red", "blue", "white", "black", "silver", "green"]),
            {"name": "plate", "type": "text"},
            {"name": "passengers", "type": "number", "min": 0, "max": 9},
            {"name": "parked", "type": "boolean"},
        ],
    },
    {
        "name": "truck",
        "types": ["box", "polygon"],
        "attributes": [
            _select("weather", ["sunny", "cloudy", "rainy", "foggy"], required=True),
            {"name": "axles", "type": "number", "min": 2, "max": 9},
            {"name": "loaded", "type": "boolean"},
        ],
    },
    {
        "name": "pedestrian",
        "types": ["box", "keypoint"],
        "attributes": [
            {"name": "occluded", "type": "boolean", "required": True},
            _select("pose", ["standing", "walking", "sitting", "lying"]),
        ],
    },
    {
        "name": "cyclist",
        "types": ["box", "keypoint"],
        "attributes": [
            {"name": "occluded", "type": "boolean", "required": True},
            {"name": "helmet", "type": "boolean"},
        ],
    },
    {
        "name": "Road",
        "types": ["poly_seg"],
        "attributes": [_select("surface", ["asphalt", "concrete", "gravel", "dirt"])],
    },
    {"name": "sidewalk", "types": ["poly_seg", "polygon"], "attributes": []},
    {"name": "vegetation", "types": ["poly_seg"], "attributes": []},
    {
        "name": "lane",
        "types": ["polyline"],
        "attributes": [
            _select("style", ["solid", "dashed", "double"]),
            _multi("line_color", ["white", "yellow"]),
        ],
    },
    {
        "name": "traffic_sign",
        "types": ["box", "polygon"],
        "attributes": [
            _select("sign_type", ["stop", "yield", "speed_limit", "no_entry", "other"], True),
            {"name": "text", "type": "text"},
        ],
    },
    {
        "name": "traffic_light",
        "types": ["box"],
        "attributes": [_select("state", ["red", "yellow", "green", "off"], required=True)],
    },
]
CLASSIFICATION: dict[str, Any] = {
    "labels": ["day", "night", "dusk"],
    "attributes": [
        _select("scene", ["urban", "highway", "rural"], required=True),
        _select("weather", ["clear", "rain", "snow", "fog"]),
        {"name": "blurry", "type": "boolean"},
    ],
}
TAGS = ["car", "pedestrian", "night_shift", "hard"]
PARENT_TAGS = ["Primary task", "Review"]
TASK_TYPES = ["box", "polygon", "poly_seg", "polyline", "keypoint", "classification"]

# annotation type -> weight in a file; point counts per type are in _points()
TYPE_WEIGHTS = {"box": 26, "polygon": 22, "poly_seg": 28, "polyline": 14, "keypoint": 10}
CLASSES_BY_TYPE: dict[str, list[dict[str, Any]]] = {
    kind: [c for c in CLASSES if kind in c["types"]] for kind in TYPE_WEIGHTS
}
SIZES = [(1920, 1080), (1280, 720), (2448, 2048)]
WORDS = ["AB-123-CD", "KX 4471", "STOP", "60", "Einbahn", "M 2 1097", ""]


def project_config() -> dict[str, Any]:
    return {
        "project": "bench-road",
        "resource_type": "image",
        "task_types": TASK_TYPES,
        "classes": CLASSES,
        "classification": CLASSIFICATION,
        "tags": TAGS,
        "parent_tags": PARENT_TAGS,
        "resources": {"manifest": "resources.jsonl"},
        "gt_root": "gt",
    }


# ---------------------------------------------------------------- valid files


def _coord(rng: random.Random, limit: int) -> float:
    """A pixel coordinate with two decimals (the export of a sub-pixel tool)."""
    return round(rng.uniform(0, limit), 2)


def _pixel(rng: random.Random, limit: int) -> int:
    """A whole-pixel coordinate (the export of a pixel tool)."""
    return rng.randint(0, limit)


Coord = Callable[[random.Random, int], float]


def _points(
    rng: random.Random, kind: str, width: int, height: int, coord: Coord
) -> list[list[float]]:
    if kind == "box":
        x1, x2 = sorted((coord(rng, width), coord(rng, width)))
        y1, y2 = sorted((coord(rng, height), coord(rng, height)))
        return [[x1, y1], [x2, y2]]
    count = {
        "polygon": lambda: rng.randint(4, 40),
        "poly_seg": lambda: rng.randint(4, 40),
        "polyline": lambda: rng.randint(2, 30),
        "keypoint": lambda: rng.randint(1, 17),
    }[kind]()
    points: list[list[float]] = [[coord(rng, width), coord(rng, height)] for _ in range(count)]
    if kind == "keypoint" and rng.random() < 0.5:
        points = [[x, y, rng.choice((0, 1, 2))] for x, y in points]
    return points


def _attribute_value(rng: random.Random, spec: dict[str, Any]) -> Any:
    kind = spec["type"]
    if kind == "select":
        return rng.choice(spec["values"])
    if kind == "multi_select":
        return rng.sample(spec["values"], rng.randint(0, 2))
    if kind == "number":
        return rng.randint(int(spec["min"]), int(spec["max"]))
    if kind == "boolean":
        return rng.random() < 0.5
    return rng.choice(WORDS)


def _attributes(rng: random.Random, specs: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        spec["name"]: _attribute_value(rng, spec)
        for spec in specs
        if spec.get("required") or rng.random() < 0.6
    }


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _annotation(
    rng: random.Random, index: int, width: int, height: int, coord: Coord = _coord
) -> Annotation:
    kind = rng.choices(list(TYPE_WEIGHTS), weights=list(TYPE_WEIGHTS.values()))[0]
    cls = rng.choice(CLASSES_BY_TYPE[kind])
    ann: Annotation = {
        "id": f"{index + 1}-{_uuid(rng)}",
        "type": kind,
        "attributes": _attributes(rng, cls["attributes"]),
        "points": _points(rng, kind, width, height, coord),
        "label": cls["name"],
    }
    if rng.random() < 0.5:
        ann["track_id"] = index + 1
    return ann


@dataclass(frozen=True)
class Resource:
    parent_path: str  # "/0000/scene_0000"
    filename: str  # "frame_0001.jpg"
    file_id: str

    @property
    def rel_path(self) -> str:
        """Where its GT lives, relative to gt_root."""
        return f"{self.parent_path.lstrip('/')}/{self.filename.rsplit('.', 1)[0]}.json"

    @property
    def path(self) -> str:
        return f"{self.parent_path}/{self.filename}"


def resource_for(index: int, seed: int) -> Resource:
    scene, frame = divmod(index, FRAMES_PER_SCENE)
    rng = random.Random(f"{seed}-resource-{index}")
    return Resource(
        parent_path=f"/{scene // 10:04d}/scene_{scene:04d}_2023-05-03_17-10-44",
        filename=f"frame_{frame + 1:04d}.jpg",
        file_id=f"{rng.getrandbits(96):024x}",
    )


def gt_document(resource: Resource, rng: random.Random, annotations: int) -> Doc:
    scene = hash_scene(resource.parent_path)
    width, height = SIZES[scene % len(SIZES)]
    coord = _pixel if scene // len(SIZES) % 3 == 0 else _coord  # a third in whole pixels
    return {
        "annotations": [_annotation(rng, i, width, height, coord) for i in range(annotations)],
        "attributes": _attributes(rng, CLASSIFICATION["attributes"]),
        "label": rng.choice(CLASSIFICATION["labels"]),
        "file_id": resource.file_id,
        "filename": resource.filename,
        "parent_path": resource.parent_path,
        "metadata": {"height": height, "width": width, "camera": "front"},
        "last_modifier_id": f"{rng.getrandbits(96):024x}",
        "last_workers": {"labeler": f"{rng.getrandbits(96):024x}", "reviewer": None},
        "tags": rng.sample(TAGS, rng.randint(0, 2)),
        "parent_tags": ["Primary task"],
    }


def hash_scene(parent_path: str) -> int:
    """A stable small number per scene (``hash()`` of a str is salted per process)."""
    return sum(parent_path.encode())


def dumps(doc: Doc) -> str:
    """The platform's export style: one line, ``", "`` and ``": "`` separators."""
    return json.dumps(doc, ensure_ascii=False)


def dumps_compact(doc: Doc) -> str:
    """No whitespace at all, as other exporters write."""
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


# ---------------------------------------------------------------- one finding
# Each mutation changes a valid document so that exactly one finding follows,
# and returns the text to write. They pick their target with the file's rng.

Mutation = Callable[[Doc, random.Random], str]


class NotApplicable(Exception):
    """This document has nothing the mutation could change; another one is drawn."""


def _pick(doc: Doc, rng: random.Random, test: Callable[[Annotation], bool]) -> Annotation:
    candidates = [a for a in doc["annotations"] if test(a)]
    if not candidates:
        raise NotApplicable
    return rng.choice(candidates)


def _label_case(doc: Doc, rng: random.Random) -> str:
    ann = _pick(doc, rng, lambda a: a["label"] in ("car", "pedestrian", "lane"))
    ann["label"] = ann["label"].capitalize()  # "Car": exact match fails
    return dumps(doc)


def _classification_label(doc: Doc, rng: random.Random) -> str:
    doc["label"] = doc["label"].upper()  # "DAY"
    return dumps(doc)


def _select_value(doc: Doc, rng: random.Random) -> str:
    ann = _pick(doc, rng, lambda a: a["label"] in ("car", "truck"))
    ann["attributes"]["weather"] = "Sunny"
    return dumps(doc)


def _number_range(doc: Doc, rng: random.Random) -> str:
    ann = _pick(doc, rng, lambda a: a["label"] == "car")
    ann["attributes"]["passengers"] = 12
    return dumps(doc)


def _boolean_as_string(doc: Doc, rng: random.Random) -> str:
    ann = _pick(doc, rng, lambda a: a["label"] in ("pedestrian", "cyclist"))
    ann["attributes"]["occluded"] = "false"
    return dumps(doc)


REQUIRED_ATTRIBUTE = {
    c["name"]: a["name"] for c in CLASSES for a in c["attributes"] if a.get("required")
}


def _missing_attribute(doc: Doc, rng: random.Random) -> str:
    ann = _pick(doc, rng, lambda a: a["label"] in REQUIRED_ATTRIBUTE)
    del ann["attributes"][REQUIRED_ATTRIBUTE[ann["label"]]]
    return dumps(doc)


def _unknown_attribute(doc: Doc, rng: random.Random) -> str:
    ann = _pick(doc, rng, lambda a: a["label"] == "car")
    ann["attributes"]["colour"] = ["red"]
    return dumps(doc)


def _out_of_range(doc: Doc, rng: random.Random) -> str:
    ann = _pick(doc, rng, lambda a: a["type"] in ("polygon", "poly_seg"))
    point = rng.choice(ann["points"])
    point[0] = doc["metadata"]["width"] + 0.5  # just off the right edge
    return dumps(doc)


def _box_order(doc: Doc, rng: random.Random) -> str:
    ann = _pick(doc, rng, lambda a: a["type"] == "box" and a["points"][0][0] < a["points"][1][0])
    (x1, y1), (x2, y2) = ann["points"]
    ann["points"] = [[x2, y1], [x1, y2]]
    return dumps(doc)


def _short_polyline(doc: Doc, rng: random.Random) -> str:
    ann = _pick(doc, rng, lambda a: a["type"] == "polyline")
    ann["points"] = ann["points"][:1]
    return dumps(doc)


def _class_type(doc: Doc, rng: random.Random) -> str:
    ann = _pick(doc, rng, lambda a: a["label"] == "Road")
    ann["type"] = "polygon"  # Road is registered for poly_seg only
    return dumps(doc)


def _annotation_id(doc: Doc, rng: random.Random) -> str:
    ann = _pick(doc, rng, lambda a: True)
    ann["id"] = ann["id"].split("-", 1)[1]  # the UUID without its number
    return dumps(doc)


def _duplicate_id(doc: Doc, rng: random.Random) -> str:
    first, second = rng.sample(doc["annotations"], 2)
    second["id"] = first["id"]
    return dumps(doc)


def _duplicate_track(doc: Doc, rng: random.Random) -> str:
    tracked = [a for a in doc["annotations"] if "track_id" in a]
    if len(tracked) < 2:
        raise NotApplicable
    first, second = rng.sample(tracked, 2)
    second["track_id"] = first["track_id"]
    return dumps(doc)


def _missing_points(doc: Doc, rng: random.Random) -> str:
    del _pick(doc, rng, lambda a: True)["points"]
    return dumps(doc)


def _unknown_tag(doc: Doc, rng: random.Random) -> str:
    doc["tags"] = ["pedestrain"]
    return dumps(doc)


def _metadata_string(doc: Doc, rng: random.Random) -> str:
    doc["metadata"]["width"] = str(doc["metadata"]["width"])
    return dumps(doc)


def _task_started(doc: Doc, rng: random.Random) -> str:
    return dumps(doc)  # the manifest gives this resource another status


def _file_id(doc: Doc, rng: random.Random) -> str:
    doc["file_id"] = doc["file_id"][:-1] + ("0" if doc["file_id"][-1] != "0" else "1")
    return dumps(doc)


def _unknown_field(doc: Doc, rng: random.Random) -> str:
    doc["comment"] = "checked twice"  # a warning, not an error
    return dumps(doc)


def _trailing_comma(doc: Doc, rng: random.Random) -> str:
    text = dumps(doc)
    return text.replace('}], "attributes": ', '},], "attributes": ', 1)


def _duplicate_key(doc: Doc, rng: random.Random) -> str:
    text = dumps(doc)
    return text[:-1] + ", " + json.dumps("filename") + ": " + json.dumps(doc["filename"]) + "}"


# code -> (weight, mutations); weights roughly as mistakes come in real uploads
MUTATIONS: dict[str, tuple[int, list[Mutation]]] = {
    "unknown_class": (14, [_label_case, _classification_label]),
    "invalid_attribute_value": (14, [_select_value, _number_range, _boolean_as_string]),
    "out_of_range": (10, [_out_of_range]),
    "invalid_points": (8, [_box_order, _short_polyline]),
    "missing_attribute": (6, [_missing_attribute]),
    "unknown_attribute": (6, [_unknown_attribute]),
    "class_type_mismatch": (5, [_class_type]),
    "invalid_annotation_id": (4, [_annotation_id]),
    "duplicate_annotation_id": (4, [_duplicate_id]),
    "duplicate_track_id": (4, [_duplicate_track]),
    "missing_field": (4, [_missing_points]),
    "unknown_tag": (4, [_unknown_tag]),
    "invalid_metadata": (3, [_metadata_string]),
    "task_started": (3, [_task_started]),
    "id_mismatch": (3, [_file_id]),
    "unknown_field": (3, [_unknown_field]),
    "invalid_json": (3, [_trailing_comma]),
    "duplicate_key": (2, [_duplicate_key]),
}


def mutate(doc: Doc, rng: random.Random) -> tuple[str, str]:
    """(code expected, text) for one mistake in a copy of ``doc``."""
    codes = list(MUTATIONS)
    while True:
        code = rng.choices(codes, weights=[MUTATIONS[c][0] for c in codes])[0]
        mutation = rng.choice(MUTATIONS[code][1])
        try:
            return code, mutation(copy.deepcopy(doc), rng)
        except NotApplicable:
            continue


# ---------------------------------------------------------------- writing


def _write_project(root: Path, manifest: list[dict[str, Any]]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "gt-project.json").write_text(json.dumps(project_config(), indent=2) + "\n")
    with (root / "resources.jsonl").open("w") as out:
        for record in manifest:
            out.write(json.dumps(record) + "\n")


def _record(resource: Resource, status: str = "not_started") -> dict[str, Any]:
    return {"path": resource.path, "status": status, "file_id": resource.file_id}


def generate(out: Path, files: int, seed: int, large_bytes: int) -> None:
    valid, broken = out / "valid", out / "one-finding"
    for folder in (valid, broken, out / "large", out / "compact"):
        if folder.exists():
            shutil.rmtree(folder)
    valid_manifest: list[dict[str, Any]] = []
    broken_manifest: list[dict[str, Any]] = []
    expected: dict[str, str] = {}
    total = 0
    for index in range(files):
        resource = resource_for(index, seed)
        doc = gt_document(resource, random.Random(f"{seed}-file-{index}"), ANNOTATIONS_PER_FILE)
        code, broken_text = mutate(doc, random.Random(f"{seed}-mutation-{index}"))
        text = dumps(doc)
        total += len(text.encode())
        for root, body in ((valid, text), (broken, broken_text)):
            target = root / "gt" / resource.rel_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(body, encoding="utf-8")
        valid_manifest.append(_record(resource))
        status = "in_progress" if code == "task_started" else "not_started"
        broken_manifest.append(_record(resource, status))
        expected[resource.rel_path] = code
    _write_project(valid, valid_manifest)
    _write_project(broken, broken_manifest)
    (broken / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")
    print(f"valid/ and one-finding/: {files} files each, {total / files / 1024:.1f} KiB on average")
    print("one-finding codes:", dict(Counter(expected.values()).most_common()))
    size = write_large(out / "large", seed, large_bytes)
    print(f"large/: one file of {size:,} bytes")
    count, total = write_compact(out / "compact", seed, max(files // 5, 1))
    print(f"compact/: {count} files, {total / count / 1024:.1f} KiB on average")


def write_compact(root: Path, seed: int, files: int) -> tuple[int, int]:
    """``files`` valid compact files of 1..400 annotations; returns (files, bytes)."""
    if root.exists():
        shutil.rmtree(root)
    manifest, total = [], 0
    for index in range(files):
        resource = resource_for(index, seed + 1)
        rng = random.Random(f"{seed}-compact-{index}")
        doc = gt_document(resource, rng, rng.randint(1, COMPACT_MOST_ANNOTATIONS))
        target = root / "gt" / resource.rel_path
        target.parent.mkdir(parents=True, exist_ok=True)
        text = dumps_compact(doc)
        target.write_text(text, encoding="utf-8")
        total += len(text.encode())
        manifest.append(_record(resource))
    _write_project(root, manifest)
    return files, total


def write_large(root: Path, seed: int, target: int) -> int:
    """One valid file of about ``target`` bytes; returns its size."""
    resource = Resource("/large/scene_0000", "frame_0001.jpg", "0" * 23 + "1")
    rng = random.Random(f"{seed}-large")
    doc = gt_document(resource, rng, 0)
    width, height = doc["metadata"]["width"], doc["metadata"]["height"]
    budget = target - len(dumps(doc).encode())
    while budget > 0:
        ann = _annotation(rng, len(doc["annotations"]), width, height)
        budget -= len(dumps(ann).encode()) + 2
        doc["annotations"].append(ann)
    _write_project(root, [_record(resource)])
    path = root / "gt" / resource.rel_path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps(doc), encoding="utf-8")
    return path.stat().st_size


# ---------------------------------------------------------------- verifying


def gt_validate_command() -> list[str]:
    return [sys.executable, "-m", "gt_validator"]


def run_report(root: Path) -> dict[str, Any]:
    """gt-validate's JSON report on one corpus project (exit 0 or 1 expected)."""
    done = subprocess.run(
        [
            *gt_validate_command(),
            "--format",
            "json",
            "--no-progress",
            "--config",
            str(root / "gt-project.json"),
            str(root / "gt"),
        ],
        capture_output=True,
        check=False,
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"gt-validate failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def verify(out: Path) -> bool:
    """Valid corpora: no finding at all. One-finding corpus: exactly the expected code."""
    ok = True
    for name in ("valid", "large", "compact"):
        report = run_report(out / name)
        noisy = [f for f in report["files"] if f["findings"]]
        print(f"{name}: {report['summary']} -> {'ok' if not noisy else 'FINDINGS'}")
        for f in noisy[:5]:
            print("  ", f["path"], [(x["code"], x["message"]) for x in f["findings"][:3]])
        ok = ok and not noisy
    root = out / "one-finding"
    expected: dict[str, str] = json.loads((root / "expected.json").read_text())
    report = run_report(root)
    prefix = str(root / "gt") + "/"
    wrong = []
    for f in report["files"]:
        codes = [x["code"] for x in f["findings"]]
        want = expected.get(f["path"].removeprefix(prefix))
        if codes != [want]:
            wrong.append((f["path"], want, f["findings"]))
    missing = len(expected) - len(report["files"])
    print(f"one-finding: {report['summary']} -> {len(wrong)} wrong, {missing} missing")
    for path, want, findings in wrong[:10]:
        print("  ", path, "expected", want, "got", [(x["code"], x["message"]) for x in findings])
    return ok and not wrong and not missing


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--out", type=Path, default=DEFAULT_OUT, help="corpus folder (bench/corpus)")
    p.add_argument("--files", type=int, default=5000, help="files per corpus (5000)")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED)
    p.add_argument("--large-bytes", type=int, default=LARGE_TARGET_BYTES)
    p.add_argument("--verify", action="store_true", help="check the corpora with gt-validate")
    p.add_argument("--verify-only", action="store_true", help="check without regenerating")
    ns = p.parse_args(argv)
    if not ns.verify_only:
        generate(ns.out, ns.files, ns.seed, ns.large_bytes)
    if ns.verify or ns.verify_only:
        return 0 if verify(ns.out) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
