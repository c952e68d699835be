#!/usr/bin/python3
"""Probe for Python's http.client, after the probe contract of compat-tests/README.md:
python-http-client.py twice <url> | python-http-client.py timeout <url> <millis>"""
import http.client
import platform
import sys
from urllib.parse import urlsplit


def one_line(text):
    return " ".join(str(text).splitlines()).strip()


mode, url = sys.argv[1], sys.argv[2]
twice = mode == "twice"
parts = urlsplit(url)
# The socket timeout applies to each read: the 10 s safety limit, or the read timeout under test.
timeout = 10.0 if twice else int(sys.argv[3]) / 1000
connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)

print(f"client python-http.client {platform.python_version()}", flush=True)
for id in ("1", "2") if twice else ("t",):
    try:
        connection.request("GET", f"{parts.path or '/'}?id={id}")
        response = connection.getresponse()
        body = response.read().decode("utf-8", "replace")
        print(f"result id={id} status={response.status} body={one_line(body)} interim=?", flush=True)
    except Exception as ex:
        print(f"result id={id} error={one_line(f'{type(ex).__name__}: {ex}')}", flush=True)
        # Resets the connection's state; the next request opens a new socket.
        connection.close()
connection.close()
