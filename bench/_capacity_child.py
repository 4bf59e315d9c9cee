"""The emulator's own capacity: `python -m bench._capacity_child URL TOKEN MODEL_ID CONNECTIONS SECONDS CLIENT`.

CONNECTIONS workers each send GET registered-model permissions back to back over keep-alive connections for
SECONDS. CLIENT `raw`: a bare asyncio HTTP/1.1 client (one buffer out, the head and the Content-Length body
in), cheap enough (~0.08 ms of CPU per request) that the emulator is what is measured; `httpx`: a bare
httpx.AsyncClient, whose connection pool costs ~1.8 ms of CPU per request at 32 connections (7x what the
emulator spends), so that figure is the client's ceiling, not the emulator's. The first answer is checked
with httpx (200, the object's permissions). Prints `{"per_second": n, "requests": n}`.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from urllib.parse import urlsplit


async def _worker(host: str, port: int, request: bytes, end: float) -> int:
    reader, writer = await asyncio.open_connection(host, port)
    done = 0
    try:
        while time.perf_counter() < end:
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = head[9:12]
            if status != b"200":
                raise RuntimeError(f"the emulator answered {head[:40]!r}")
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            await reader.readexactly(length)
            done += 1
    finally:
        writer.close()
    return done


async def _httpx(url: str, token: str, path: str, connections: int, seconds: float) -> int:
    import httpx

    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    headers = {"Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=url, headers=headers, limits=limits, timeout=60) as http:
        end = time.perf_counter() + seconds

        async def worker() -> int:
            done = 0
            while time.perf_counter() < end:
                (await http.get(path)).raise_for_status()
                done += 1
            return done

        return sum(await asyncio.gather(*(worker() for _ in range(connections))))


async def _hammer(
    url: str, token: str, model_id: str, connections: int, seconds: float, client: str
) -> dict[str, float]:
    import httpx

    path = f"/api/2.0/permissions/registered-models/{model_id}"
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {token}"}) as http:
        answer = (await http.get(path)).raise_for_status().json()
        if answer.get("object_id") is None:
            raise RuntimeError(f"not a permissions answer: {answer}")
    if client == "httpx":
        started = time.perf_counter()
        done = await _httpx(url, token, path, connections, seconds)
        return {"per_second": done / (time.perf_counter() - started), "requests": done}
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    request = (
        f"GET {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nAuthorization: Bearer {token}\r\n"
        "Accept: application/json\r\n\r\n"
    ).encode()
    started = time.perf_counter()
    counts = await asyncio.gather(
        *(_worker(host, port, request, started + seconds) for _ in range(connections))
    )
    done = sum(counts)
    return {"per_second": done / (time.perf_counter() - started), "requests": done}


def main() -> None:
    url, token, model_id, connections, seconds, client = sys.argv[1:7]
    print(json.dumps(asyncio.run(_hammer(url, token, model_id, int(connections), float(seconds), client))))


if __name__ == "__main__":
    main()
