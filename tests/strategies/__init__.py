"""Hypothesis strategies for fuzzing the validator.

``configs`` draws a project configuration (every resource type, annotation type,
attribute type, with or without classification, tags and ``range``);
``documents`` draws a GT file that is valid for it; ``mutations`` breaks one
such file in one way and says which codes the break must produce. ``harness``
runs the validator on the result and holds the checks the properties share.
"""
