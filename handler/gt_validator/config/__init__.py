"""Project configuration: load and validate gt-project.json and its resources."""
