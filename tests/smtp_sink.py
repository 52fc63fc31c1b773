"""The suite's one SMTP server: aiosmtpd on a free local port, recording what it accepts.

Used by every test that starts real workers (through tests/worker_support.py) and by
bench/reminder_sweep.py.
"""

import asyncio
import socket
import threading
from email import message_from_bytes

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RecordingHandler:
    """Records accepted messages. A delay in RCPT (before the message is accepted)
    lets a test kill a worker mid-send without the message being delivered; addresses
    in `refuse` are answered "550 mailbox unavailable", like a mailbox that is gone; the
    first `busy` RCPTs get "451 try again later"; the first `drop_after_data` messages
    are recorded and then the connection drops before the answer (delivery in doubt)."""

    def __init__(self, rcpt_delay=0.0, refuse=(), busy=0, drop_after_data=0):
        self.rcpt_delay = rcpt_delay
        self.refuse = {address.lower() for address in refuse}
        self.busy = busy  # this many RCPTs answered "451 try again later"
        self.drop_after_data = drop_after_data  # this many messages taken, then no answer
        self.refused = []  # addresses refused at RCPT
        self.messages = []  # (recipients, Message-ID, subject)
        self.lock = threading.Lock()
        self.in_rcpt = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            with self.lock:
                self.refused.append(address)
            return "550 5.1.1 Mailbox unavailable"
        with self.lock:
            busy, self.busy = self.busy > 0, max(self.busy - 1, 0)
        if busy:
            self.refused.append(address)
            return "451 4.3.2 Try again later"
        envelope.rcpt_tos.append(address)
        if self.rcpt_delay:
            self.in_rcpt.set()
            await asyncio.sleep(self.rcpt_delay)
            self.in_rcpt.clear()
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content)
        with self.lock:
            self.messages.append((tuple(envelope.rcpt_tos), message["Message-ID"],
                                  message["Subject"]))
            drop, self.drop_after_data = self.drop_after_data > 0, max(self.drop_after_data - 1, 0)
        if drop:  # the message is taken, but the connection drops before the answer
            server.transport.close()
        return "250 Message accepted for delivery"

    def recipients(self):
        with self.lock:
            return [to for tos, _id, _subject in self.messages for to in tos]

    def message_ids(self):
        with self.lock:
            return [message_id for _tos, message_id, _subject in self.messages]


class SmtpSink:
    """Listens only between __enter__ and __exit__: before that its port refuses
    connections, like a mail server that is down."""

    def __init__(self, rcpt_delay=0.0, refuse=(), busy=0, drop_after_data=0):
        self.handler = RecordingHandler(rcpt_delay, refuse, busy, drop_after_data)
        self.port = free_port()
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()
