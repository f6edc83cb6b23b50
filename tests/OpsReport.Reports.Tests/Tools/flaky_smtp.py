"""A real SMTP server (aiosmtpd) on loopback that refuses the first N messages with a given reply, then accepts and
stores every message in a Maildir. Used to prove that failed deliveries are retried and sent exactly once, and that
STARTTLS, implicit TLS and AUTH work against a server someone else wrote.

usage: flaky_smtp.py PORT MAILDIR REFUSALS "REPLY" [--tls starttls|implicit --cert PEM --key PEM] [--user U --password P]
       (REFUSALS -1 refuses forever; REPLY e.g. "451 4.3.0 Try again later")
Each accepted message prints "accepted N tls=BOOL auth=USER" so the test sees how it arrived.
"""
import argparse
import mailbox
import ssl
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

parser = argparse.ArgumentParser()
parser.add_argument("port", type=int)
parser.add_argument("maildir")
parser.add_argument("refusals", type=int)
parser.add_argument("reply")
parser.add_argument("--tls", choices=["starttls", "implicit"])
parser.add_argument("--cert")
parser.add_argument("--key")
parser.add_argument("--user")
parser.add_argument("--password")
args = parser.parse_args()


class Handler:
    def __init__(self):
        self.box = mailbox.Maildir(args.maildir, create=True)
        self.seen = 0

    async def handle_DATA(self, server, session, envelope):
        self.seen += 1
        if args.refusals < 0 or self.seen <= args.refusals:
            print(f"refused {self.seen}", flush=True)
            return args.reply
        self.box.add(envelope.original_content)
        user = session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else "none"
        # session.ssl is set by STARTTLS only; a connection that was TLS from the start shows on the transport.
        tls = session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None
        print(f"accepted {self.seen} tls={tls} auth={user}", flush=True)
        return "250 2.0.0 OK"


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == args.user and auth_data.password.decode() == args.password
    print(f"auth {mechanism} {'ok' if ok else 'refused'}", flush=True)
    # handled=False: aiosmtpd then answers a refusal with 535 itself (handled=True would leave the client waiting).
    return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)


context = None
if args.tls:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)

kwargs = {}
if args.user:
    # aiosmtpd offers AUTH only over TLS by default (auth_require_tls), as a relay should.
    kwargs.update(authenticator=authenticate, auth_required=True)
    # ...but it only counts STARTTLS as TLS, not a connection that was TLS from the first byte.
    if args.tls == "implicit":
        kwargs.update(auth_require_tls=False)
if args.tls == "starttls":
    kwargs.update(tls_context=context, require_starttls=True)
controller = Controller(Handler(), hostname="127.0.0.1", port=args.port,
                        ssl_context=context if args.tls == "implicit" else None, **kwargs)
controller.start()
print("ready", flush=True)
threading.Event().wait()
