"""A real SMTP server (aiosmtpd) on loopback that refuses the first N messages with a given reply, then accepts and
stores every message in a Maildir. Used to prove that failed deliveries are retried and sent exactly once.

usage: flaky_smtp.py PORT MAILDIR REFUSALS "REPLY"   (REFUSALS -1 refuses forever; REPLY e.g. "451 4.3.0 Try again later")
"""
import mailbox
import sys
import threading

from aiosmtpd.controller import Controller

port, maildir, refusals, reply = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]


class Handler:
    def __init__(self):
        self.box = mailbox.Maildir(maildir, create=True)
        self.seen = 0

    async def handle_DATA(self, server, session, envelope):
        self.seen += 1
        if refusals < 0 or self.seen <= refusals:
            print(f"refused {self.seen}", flush=True)
            return reply
        self.box.add(envelope.original_content)
        print(f"accepted {self.seen}", flush=True)
        return "250 2.0.0 OK"


controller = Controller(Handler(), hostname="127.0.0.1", port=port)
controller.start()
print("ready", flush=True)
threading.Event().wait()
