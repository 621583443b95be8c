"""Small helpers shared by the test modules."""

from ops.stack import free_port

__all__ = ["free_port"]
