"""GT rules: one module per family; ``registry`` holds codes and docs."""
