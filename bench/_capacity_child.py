"""The emulator's own capacity: `python -m bench._capacity_child URL TOKEN MODEL_ID CONNECTIONS SECONDS`.

Bare httpx.AsyncClient (no client of ours in the way), CONNECTIONS workers each sending GET permissions
back to back over keep-alive connections for SECONDS. Prints `{"per_second": n, "requests": n}`.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time


async def _hammer(url: str, token: str, model_id: str, connections: int, seconds: float) -> dict[str, float]:
    import httpx

    path = f"/api/2.0/permissions/registered-models/{model_id}"
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=url, headers=headers, limits=limits, timeout=60) as http:
        await http.get(path)
        done = 0
        started = time.perf_counter()
        end = started + seconds

        async def worker() -> None:
            nonlocal done
            while time.perf_counter() < end:
                (await http.get(path)).raise_for_status()
                done += 1

        await asyncio.gather(*(worker() for _ in range(connections)))
        return {"per_second": done / (time.perf_counter() - started), "requests": done}


def main() -> None:
    url, token, model_id, connections, seconds = sys.argv[1:6]
    print(json.dumps(asyncio.run(_hammer(url, token, model_id, int(connections), float(seconds)))))


if __name__ == "__main__":
    main()
