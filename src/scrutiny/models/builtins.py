"""Registers the built-in models through the same `register` a council's own model would use."""

from scrutiny.models import registry
from scrutiny.models.fixed import Fixed

registry.register(Fixed())
