#!/usr/bin/env python3
"""A real SMTP server on loopback for the tests (PyPI aiosmtpd 1.4.6).

Writes every message it accepts into DIR as <time>-<n>.eml (written aside,
then renamed, so a reader never sees half a file), with the envelope in
X-Sink-Mail-From / X-Sink-Rcpt-To headers added on top, and beside it
<time>-<n>.json: the decoded headers, text and HTML parts (Python's email
package decodes them), for the browser tests. It can be told to
misbehave, to test how the forum's delivery copes:

  --tempfail N       answer the first N messages with 451 (try again later)
  --reject ADDRESS   answer RCPT TO:<ADDRESS> with 550 (no such mailbox); repeatable
  --delay SECONDS    wait this long before accepting each message (a slow server,
                     to stop a sender in the middle of its deliveries)

Prints "ready PORT" on standard output once it listens; stops on SIGTERM or SIGINT.
"""

import argparse
import asyncio
import email
import email.policy
import itertools
import json
import os
import signal
import sys
import threading
import time

try:
    from aiosmtpd.controller import Controller
except ImportError:  # pragma: no cover - said clearly to whoever runs the tests
    sys.exit("smtp-sink: aiosmtpd is missing: pip install aiosmtpd==1.4.6 (scripts/setup.sh does)")


class Sink:
    def __init__(self, directory, tempfail, reject, delay):
        self.directory = directory
        self.tempfail = tempfail
        self.reject = {a.lower() for a in reject}
        self.delay = delay
        self.counter = itertools.count(1)
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.tempfail > 0:
                self.tempfail -= 1
                return "451 4.3.0 Try again later"
        if self.delay:
            await asyncio.sleep(self.delay)
        n = next(self.counter)
        name = f"{time.time_ns()}-{n:06d}.eml"
        head = f"X-Sink-Mail-From: {envelope.mail_from}\r\nX-Sink-Rcpt-To: {', '.join(envelope.rcpt_tos)}\r\n".encode()
        raw = head + envelope.original_content
        with open(os.path.join(self.directory, name[:-4] + ".json"), "w", encoding="utf-8") as f:
            json.dump(decoded(raw), f, ensure_ascii=False)
        tmp = os.path.join(self.directory, "." + name)
        # No fsync: the tests read these files while the sink runs; the
        # rename alone keeps a reader from seeing half a message.
        with open(tmp, "wb") as f:
            f.write(raw)
        os.rename(tmp, os.path.join(self.directory, name))
        return "250 Message accepted"


def decoded(raw):
    """Headers (decoded, in order), and the text and HTML parts of a message."""
    message = email.message_from_bytes(raw, policy=email.policy.default)
    parts = {"text/plain": "", "text/html": ""}
    for part in message.walk():
        if part.get_content_type() in parts and not parts[part.get_content_type()]:
            parts[part.get_content_type()] = part.get_content()
    return {
        "headers": [[name, str(value)] for name, value in message.items()],
        "text": parts["text/plain"],
        "html": parts["text/html"],
    }


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--tempfail", type=int, default=0)
    p.add_argument("--reject", action="append", default=[])
    p.add_argument("--delay", type=float, default=0.0)
    args = p.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    controller = Controller(
        Sink(args.dir, args.tempfail, args.reject, args.delay),
        hostname="127.0.0.1",
        port=args.port,
        data_size_limit=10 * 1024 * 1024,
    )
    controller.start()
    print(f"ready {args.port}", flush=True)
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
