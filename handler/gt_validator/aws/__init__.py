"""The Lambda adapter: event shapes -> S3 objects -> core -> results queue.

Powertools and boto3 live here (and in ``app.py``) only; the core never imports
this package.
"""
