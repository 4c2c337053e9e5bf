"""Code generated from the schemas (see gt_validator.config.schema_cache). Do not edit."""
