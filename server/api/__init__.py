"""REST face of the server (/api/v1), validated by pydantic, documented by OpenAPI."""
