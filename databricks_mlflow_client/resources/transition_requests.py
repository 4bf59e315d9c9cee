"""Stage-transition requests: create, list, approve, reject and cancel (delete). (The async source is _async/transition_requests.py; _sync/transition_requests.py is generated from it.)"""

from ._async.transition_requests import AsyncTransitionRequests
from ._sync.transition_requests import TransitionRequests

__all__ = ["AsyncTransitionRequests", "TransitionRequests"]
