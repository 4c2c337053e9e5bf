"""Project configurations (``gt-project.json`` documents) for every resource,
annotation and attribute type.

A config is drawn as the plain dict a user would write; ``harness`` loads it the
way the product does, so a draw the product rejects is a failure of the strategy.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

RESOURCE_TYPES = ("image", "sequence_image", "video", "point_cloud", "text")
ANNOTATION_TYPES = ("box", "polygon", "poly_seg", "polyline", "keypoint", "cuboid")
ATTRIBUTE_TYPES = ("select", "multi_select", "text", "number", "boolean")

# Names people use, and the ones that stress escaping: pointer characters (/ ~),
# JSON escapes, spaces, non-ASCII letters and astral code points.
_WORDS = ("car", "Car", "pedestrian", "truck", "sign", "a/b", "x~1", 'q"uote', "back\\slash")
_ALPHABET = st.characters(
    codec="utf-8", exclude_categories=("Cs", "Cc", "Cf", "Zl", "Zp", "Co", "Cn")
)
names = st.sampled_from(_WORDS) | st.text(_ALPHABET, min_size=1, max_size=10).filter(
    lambda s: s.strip() == s and s.strip() != ""
)
finite = st.floats(allow_nan=False, allow_infinity=False, width=64)
small = st.integers(-1000, 1000) | st.floats(-1e6, 1e6, allow_nan=False)


@st.composite
def attribute_spec(draw: st.DrawFn, name: str) -> dict[str, Any]:
    kind = draw(st.sampled_from(ATTRIBUTE_TYPES))
    spec: dict[str, Any] = {"name": name, "type": kind}
    if kind in ("select", "multi_select"):
        spec["values"] = draw(st.lists(names, min_size=1, max_size=4, unique=True))
    if kind == "number":
        low, high = sorted(draw(st.tuples(small, small)))
        if draw(st.booleans()):
            spec["min"] = low
        if draw(st.booleans()):
            spec["max"] = high
    required = draw(st.sampled_from((None, True, False)))
    if required is not None:
        spec["required"] = required
    return spec


def attribute_specs(max_size: int = 4) -> st.SearchStrategy[list[dict[str, Any]]]:
    return st.lists(names, max_size=max_size, unique=True).flatmap(
        lambda ns: st.tuples(*(attribute_spec(n) for n in ns)).map(list)
    )


@st.composite
def configs(draw: st.DrawFn, resource_type: str | None = None) -> dict[str, Any]:
    """A valid project configuration, as a JSON-ready dict."""
    kind = resource_type or draw(st.sampled_from(RESOURCE_TYPES))
    shapes = draw(st.lists(st.sampled_from(ANNOTATION_TYPES), max_size=6, unique=True))
    classified = draw(st.booleans()) or not shapes
    config: dict[str, Any] = {
        "project": draw(names),
        "resource_type": kind,
        "task_types": shapes + (["classification"] if classified else []),
    }
    if shapes:
        classes = []
        for name in draw(st.lists(names, min_size=1, max_size=4, unique=True)):
            item: dict[str, Any] = {"name": name}
            if draw(st.booleans()):
                item["types"] = draw(
                    st.lists(st.sampled_from(shapes), min_size=1, max_size=len(shapes), unique=True)
                )
            attributes = draw(attribute_specs())
            if attributes or draw(st.booleans()):
                item["attributes"] = attributes
            classes.append(item)
        config["classes"] = classes
    if classified:
        block: dict[str, Any] = {
            "labels": draw(st.lists(names, min_size=1, max_size=3, unique=True))
        }
        attributes = draw(attribute_specs(3))
        if attributes or draw(st.booleans()):
            block["attributes"] = attributes
        config["classification"] = block
    for key in ("tags", "parent_tags"):
        if draw(st.booleans()):
            config[key] = draw(st.lists(names, min_size=1, max_size=3, unique=True))
    if draw(st.booleans()):
        axes = draw(st.lists(st.sampled_from("xyz"), min_size=1, max_size=3, unique=True))
        config["range"] = {a: sorted(draw(st.tuples(small, small))) for a in sorted(axes)}
    return config
