"""Build hook for the optional C accelerator; everything else is in pyproject.toml.

``optional=True``: where no compiler is available the install still succeeds and
every file takes the detailed Python rules (there is no fast gate).
"""

import sys

from setuptools import Extension, setup

# A call to an undeclared function must fail the build, not the import.
STRICT = [] if sys.platform == "win32" else ["-Werror=implicit-function-declaration"]

setup(
    ext_modules=[
        Extension(
            "gt_validator._speedups",
            ["handler/gt_validator/_speedups.c"],
            extra_compile_args=STRICT,
            optional=True,
        )
    ]
)
