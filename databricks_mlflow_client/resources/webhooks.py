"""Registry webhooks (Public Preview): create, list, update, delete and test. (The async source is _async/webhooks.py; _sync/webhooks.py is generated from it.)"""

from ._async.webhooks import AsyncWebhooks, Event, HttpTarget, JobTarget, Status
from ._sync.webhooks import Webhooks

__all__ = ["AsyncWebhooks", "Event", "HttpTarget", "JobTarget", "Status", "Webhooks"]
