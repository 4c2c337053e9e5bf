"""Build hook for the optional C accelerator; everything else is in pyproject.toml.

``optional=True``: where no compiler is available the install still succeeds and
gt_validator uses its pure-Python twin (rules/fast.py).
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "gt_validator._speedups",
            ["handler/gt_validator/_speedups.c"],
            optional=True,
        )
    ]
)
