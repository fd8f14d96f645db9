"""Policy engine setup for the example API (production code)."""
from oslo_policy import policy

_ENFORCER = None


def init():
    global _ENFORCER
    _ENFORCER = policy.Enforcer(None)
    return _ENFORCER
