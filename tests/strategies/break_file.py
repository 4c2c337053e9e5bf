"""Mutations of the file as a whole: its fields, metadata, tags, where it lives,
and its bytes (encoding, syntax, repeated keys, escapes, number limits)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

from tests.strategies.mutations import (
    TOP_FIELDS,
    Draft,
    Raw,
    deep,
    escape_char,
    image_like,
    mutation,
    sequence_like,
    unregistered,
    wrong_type,
)

_TYPES: dict[str, tuple[type, ...]] = {
    "annotations": (list,),
    "attributes": (dict,),
    "label": (str,),
    "file_id": (str,),
    "scene_id": (str,),
    "filename": (str,),
    "parent_path": (str,),
    "metadata": (dict,),
    "last_modifier_id": (str, type(None)),
    "last_workers": (dict,),
    "tags": (list,),
    "parent_tags": (list,),
}
_REQUIRED = ("annotations", "attributes", "filename", "parent_path", "metadata")
_CODES = {"invalid_json"}


@mutation("root is not an object")
def _root(draw: st.DrawFn, d: Draft) -> set[str]:
    d.doc = draw(st.sampled_from([[d.doc], "text", 5, None, []]))
    return {"invalid_type"}


@mutation("required field missing")
def _required(draw: st.DrawFn, d: Draft) -> set[str]:
    del d.doc[draw(st.sampled_from(_REQUIRED))]
    return {"missing_field"}


@mutation("classification label missing", lambda c: c.classified)
def _no_label(draw: st.DrawFn, d: Draft) -> set[str]:
    del d.doc["label"]
    return {"missing_field"}


@mutation("scene_id missing", sequence_like)
def _no_scene(draw: st.DrawFn, d: Draft) -> set[str]:
    del d.doc["scene_id"]
    return {"missing_field"}


@mutation("field of the wrong type")
def _wrong_type(draw: st.DrawFn, d: Draft) -> set[str]:
    key = draw(st.sampled_from(sorted(k for k in d.doc if k in _TYPES)))
    d.doc[key] = d.value(draw(wrong_type(_TYPES[key])))
    return {"invalid_type"}


@mutation("unknown top-level field")
def _unknown(draw: st.DrawFn, d: Draft) -> set[str]:
    key = unregistered(draw, TOP_FIELDS, like=draw(st.sampled_from(TOP_FIELDS)))
    d.doc[key] = d.value(draw(st.sampled_from([1, "x", None, deep(), deep(opener="{")])))
    return {"unknown_field"}


@mutation("label without classification", lambda c: not c.classified)
def _label(draw: st.DrawFn, d: Draft) -> set[str]:
    d.doc["label"] = "day"
    return {"unexpected_field"}


@mutation("scene_id outside sequences", lambda c: not sequence_like(c))
def _scene(draw: st.DrawFn, d: Draft) -> set[str]:
    d.doc["scene_id"] = "scene-1"
    return {"unexpected_field"}


@mutation("classification label not registered", lambda c: c.classified)
def _class_label(draw: st.DrawFn, d: Draft) -> set[str]:
    labels = d.case.config["classification"]["labels"]
    d.doc["label"] = unregistered(draw, labels, like=d.doc["label"])
    return {"unknown_class"}


@mutation("control character in the classification label", lambda c: c.classified)
def _control(draw: st.DrawFn, d: Draft) -> set[str]:
    d.doc["label"] = d.value(Raw(json.dumps(d.doc["label"])[:-1] + '\\u0001"'))
    return {"unknown_class"}


@mutation("empty filename or parent_path")
def _empty(draw: st.DrawFn, d: Draft) -> set[str]:
    d.doc[draw(st.sampled_from(("filename", "parent_path")))] = ""
    return {"missing_field"}


@mutation("parent_path not absolute")
def _relative(draw: st.DrawFn, d: Draft) -> set[str]:
    d.doc["parent_path"] = d.doc["parent_path"].lstrip("/") or "folder"
    return {"invalid_path"}


@mutation("file in the wrong place")
def _moved(draw: st.DrawFn, d: Draft) -> set[str]:
    d.rel_path = "elsewhere/" + d.rel_path
    return {"path_mismatch"}


@mutation("near miss: file at the other allowed place")
def _other_place(draw: st.DrawFn, d: Draft) -> set[str]:
    folder = d.doc["parent_path"].strip("/")
    filename = d.doc["filename"]
    stem = filename.rsplit(".", 1)[0] if "." in filename.lstrip(".") else filename
    name = draw(st.sampled_from((stem, filename)))
    d.rel_path = f"{folder}/{name}.json" if folder else f"{name}.json"
    return set()


@mutation("image metadata wrong", image_like)
def _image_meta(draw: st.DrawFn, d: Draft) -> set[str]:
    key = draw(st.sampled_from(("width", "height")))
    bad = draw(st.sampled_from([0, -1, 10.5, "100", None, True, [100], "absent", deep()]))
    if bad == "absent":
        del d.doc["metadata"][key]
    else:
        d.doc["metadata"][key] = d.value(bad)
    return {"invalid_metadata"}


@mutation("near miss: image size as a float with no fraction", image_like)
def _image_float(draw: st.DrawFn, d: Draft) -> set[str]:
    key = draw(st.sampled_from(("width", "height")))
    d.doc["metadata"][key] = float(d.doc["metadata"][key])
    return set()


@mutation("video fps wrong", lambda c: c.config["resource_type"] == "video")
def _fps(draw: st.DrawFn, d: Draft) -> set[str]:
    bad = draw(st.sampled_from([0, -1, -0.5, "30", None, False, "absent"]))
    if bad == "absent":
        del d.doc["metadata"]["fps"]
    else:
        d.doc["metadata"]["fps"] = bad
    return {"invalid_metadata"}


@mutation("metadata not empty", lambda c: c.config["resource_type"] in ("point_cloud", "text"))
def _extra_meta(draw: st.DrawFn, d: Draft) -> set[str]:
    d.doc["metadata"][draw(st.sampled_from(("width", "a/b", "~")))] = 1
    return {"invalid_metadata"}


@mutation("tag not allowed", lambda c: "tags" in c.config or "parent_tags" in c.config)
def _tag(draw: st.DrawFn, d: Draft) -> set[str]:
    key = draw(st.sampled_from([k for k in ("tags", "parent_tags") if k in d.case.config]))
    allowed = d.case.config[key]
    d.doc.setdefault(key, []).append(unregistered(draw, allowed, like=allowed[0]))
    return {"unknown_tag"}


@mutation("tag not a string")
def _tag_type(draw: st.DrawFn, d: Draft) -> set[str]:
    key = draw(st.sampled_from(("tags", "parent_tags")))
    d.doc.setdefault(key, []).append(d.value(draw(st.sampled_from([1, None, ["car"], deep()]))))
    return {"invalid_type"}


@mutation("last_workers value not a string")
def _workers(draw: st.DrawFn, d: Draft) -> set[str]:
    workers = d.doc.setdefault("last_workers", {})
    workers[draw(st.sampled_from(("w/1", "w~2", "w3")))] = d.value(
        draw(st.sampled_from([7, 1.5, True, [], {}, deep()]))
    )
    return {"invalid_type"}


# -- bytes --------------------------------------------------------------------------


@mutation("byte order mark")
def _bom(draw: st.DrawFn, d: Draft) -> set[str]:
    d.prefix = b"\xef\xbb\xbf"
    return {"byte_order_mark"}


def _holder(draw: st.DrawFn, d: Draft) -> dict[str, Any]:
    """An object of the document to put a repeated key in."""
    holders: list[dict[str, Any]] = [d.doc, d.doc["metadata"]]
    holders += [a for a in d.doc["annotations"] if a]
    holders += [a["attributes"] for a in d.doc["annotations"] if a["attributes"]]
    return draw(st.sampled_from([h for h in holders if h] or [d.doc]))


def _repeat(draw: st.DrawFn, d: Draft, escaped: bool) -> None:
    holder = _holder(draw, d)
    key = draw(st.sampled_from(sorted(holder)))
    text = json.dumps(key, ensure_ascii=d.case.ascii_only)
    if escaped and key:
        text = '"' + escape_char(key[0]) + json.dumps(key[1:], ensure_ascii=d.case.ascii_only)[1:]
    # The repeat comes first, so the parser keeps the original: only data is lost.
    first = {d.key(text): d.value(draw(st.sampled_from([0, "lost", None, deep()])))}
    rest = dict(holder)
    holder.clear()
    holder.update(first)
    holder.update(rest)


@mutation("repeated key")
def _repeated(draw: st.DrawFn, d: Draft) -> set[str]:
    _repeat(draw, d, escaped=False)
    return {"duplicate_key"}


@mutation("repeated key written with an escape")
def _repeated_escaped(draw: st.DrawFn, d: Draft) -> set[str]:
    _repeat(draw, d, escaped=True)
    return {"duplicate_key"}


@mutation("repeated key and an escaped colon in a string")
def _repeated_colon(draw: st.DrawFn, d: Draft) -> set[str]:
    _repeat(draw, d, escaped=draw(st.booleans()))
    d.doc["file_id"] = d.value(Raw(draw(st.sampled_from(['"a\\u003ab"', '"\\u003A"']))))
    return {"duplicate_key"}


@mutation("near miss: a key written with escapes")
def _escaped_key(draw: st.DrawFn, d: Draft) -> set[str]:
    key = draw(st.sampled_from([k for k in TOP_FIELDS if k in d.doc and k != "file_id"]))
    escaped = "".join(escape_char(ch) if draw(st.booleans()) else ch for ch in key)
    value = d.doc.pop(key)
    d.doc[d.key(f'"{escaped}"')] = value
    d.doc["file_id"] = d.value(Raw('"x\\u003ay\\"z\\\\"'))
    return set()


@mutation("not RFC 8259 JSON")
def _syntax(draw: st.DrawFn, d: Draft) -> set[str]:
    how = draw(
        st.sampled_from(
            ["NaN", "Infinity", "-Infinity", "1e400", "-1e400", "1" + "0" * 400, "deep",
             "control", "comment", "trailing comma", "truncated", "bad utf-8", "empty",
             "single quotes", "leading zero"]
        )
    )  # fmt: skip
    raw = {
        "deep": deep(1100).text,
        "control": '"a\x01b"',
        "bad utf-8": '"\udcff"',
        "single quotes": "'x'",
        "leading zero": "01",
    }.get(how, how)
    if how in ("comment", "trailing comma", "truncated", "empty"):
        text = d.case.dumps(d.doc)
        d.whole = {
            "comment": b"/* c */" + text,
            "trailing comma": text[:-1] + b",}",
            "truncated": text[: draw(st.integers(0, len(text) - 1))],
            "empty": draw(st.sampled_from([b"", b"  \n", b"\t"])),
        }[how]
        return _CODES
    d.doc[draw(st.sampled_from(["file_id", "last_modifier_id", "zz"]))] = d.value(Raw(raw))
    return _CODES
