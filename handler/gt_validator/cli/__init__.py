"""The ``gt-validate`` command: argv, subcommands, progress and parallel runs.

``cli.main.main`` is the console script; everything here is an adapter over the
pure core (``gt_validator.validator``): it owns the I/O, the exit code and the output.
"""
