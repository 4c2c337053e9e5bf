"""Where the GT file lives and which resource it is for: path_mismatch,
resource_not_found, task_started, id_mismatch."""

from __future__ import annotations

from gt_validator.config.model import ProjectConfig
from gt_validator.problems import Problem
from gt_validator.rules.names import quote


def expected_locations(parent_path: str, filename: str) -> tuple[str, str]:
    """The two places a GT file may live, relative to gt_root, without '.json'."""
    folder = parent_path.strip("/")
    prefix = f"{folder}/" if folder else ""
    stem = filename.rsplit(".", 1)[0] if "." in filename.lstrip(".") else filename
    return f"{prefix}{stem}", f"{prefix}{filename}"


def check_location(
    doc: dict[str, object], config: ProjectConfig, rel_path: str | None, out: list[Problem]
) -> None:
    parent, filename = doc.get("parent_path"), doc.get("filename")
    if type(parent) is not str or type(filename) is not str or not parent or not filename:
        return  # missing_field / invalid_type already; nothing to compare with
    if not parent.startswith("/"):
        return  # invalid_path already
    if rel_path is not None:
        where = rel_path[:-5] if rel_path.endswith(".json") else rel_path
        if where not in expected_locations(parent, filename):
            stem_loc, file_loc = expected_locations(parent, filename)
            out.append(
                Problem(
                    "path_mismatch",
                    f"the file lives at {quote(rel_path)} (from gt_root), but parent_path/filename "
                    f"say {quote(stem_loc + '.json')} or {quote(file_loc + '.json')}",
                    "",
                )
            )
    index = config.resources
    if index is None:
        return
    resource = f"{parent.rstrip('/')}/{filename}"
    record = index.lookup(resource)
    if record is None:
        out.append(
            Problem("resource_not_found", f"no resource at {quote(resource)} in this project", "")
        )
        return
    if record.status != "not_started":
        out.append(
            Problem(
                "task_started",
                f"the task of {quote(resource)} has status {quote(record.status)}; only "
                "'not_started' resources accept a GT upload",
                "",
            )
        )
    for key, theirs in (("file_id", record.file_id), ("scene_id", record.scene_id)):
        ours = doc.get(key)
        if theirs is not None and type(ours) is str and ours != theirs:
            out.append(
                Problem(
                    "id_mismatch",
                    f"{key} {quote(ours)} differs from the resource's {quote(theirs)}",
                    f"/{key}",
                )
            )
