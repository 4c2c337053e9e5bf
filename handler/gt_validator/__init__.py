"""gt-validator: check ground-truth JSON files against a labeling project's settings."""

__version__ = "0.1.0"
