"""The Discord adapter (issue 10): Discord payloads in, Discord messages out."""
