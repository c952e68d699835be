#!/usr/bin/python3
"""Probe for HTTPX, after the probe contract of compat-tests/README.md:
python-httpx.py twice <url> | python-httpx.py timeout <url> <millis>"""
import sys

import httpx


def one_line(text):
    return " ".join(str(text).splitlines()).strip()


mode, url = sys.argv[1], sys.argv[2]
twice = mode == "twice"
# The read timeout applies to each socket read; the others stay at the 10 s safety limit.
timeout = httpx.Timeout(10.0) if twice else httpx.Timeout(10.0, read=int(sys.argv[3]) / 1000)

print(f"client python-httpx {httpx.__version__}", flush=True)
with httpx.Client(timeout=timeout) as client:
    for id in ("1", "2") if twice else ("t",):
        try:
            response = client.get(url, params={"id": id})
            print(f"result id={id} status={response.status_code} body={one_line(response.text)} interim=?", flush=True)
        except Exception as ex:
            print(f"result id={id} error={one_line(f'{type(ex).__name__}: {ex}')}", flush=True)
