#!/usr/bin/python3
"""Probe for Requests, after the probe contract of compat-tests/README.md:
python-requests.py twice <url> | python-requests.py timeout <url> <millis>"""
import sys

import requests


def one_line(text):
    return " ".join(str(text).splitlines()).strip()


mode, url = sys.argv[1], sys.argv[2]
twice = mode == "twice"
# (connect, read): the read timeout applies to each socket read.
timeout = (10.0, 10.0 if twice else int(sys.argv[3]) / 1000)

print(f"client python-requests {requests.__version__}", flush=True)
with requests.Session() as session:
    for id in ("1", "2") if twice else ("t",):
        try:
            response = session.get(url, params={"id": id}, timeout=timeout)
            print(f"result id={id} status={response.status_code} body={one_line(response.text)} interim=?", flush=True)
        except Exception as ex:
            print(f"result id={id} error={one_line(f'{type(ex).__name__}: {ex}')}", flush=True)
