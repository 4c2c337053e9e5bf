"""Safe fixes: what ``gt-validate fix`` may change in a GT file without a person."""
