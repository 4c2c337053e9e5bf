"""The Lambda adapter: event shapes -> S3 objects -> core -> results queue.

Powertools lives here (and in ``app.py``) only. The one module the rest of the package
imports is ``s3`` (S3 URIs and the client, boto3 imported on first use): the CLI's S3
source and config loading take their S3 access from it, as the Lambda does.
"""
