"""Where GT bytes come from: local files and folders, S3 objects."""
