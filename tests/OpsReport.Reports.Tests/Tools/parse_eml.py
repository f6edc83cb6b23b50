"""Parses an .eml with Python's standard email package (an independent MIME parser) and prints JSON for the tests."""
import email
import hashlib
import json
import sys
from email import policy

with open(sys.argv[1], "rb") as f:
    msg = email.message_from_binary_file(f, policy=policy.default)

plain = msg.get_body(preferencelist=("plain",))
html = msg.get_body(preferencelist=("html",))
attachments = []
for part in msg.iter_attachments():
    data = part.get_content()
    if isinstance(data, str):
        data = data.encode("utf-8")
    attachments.append({
        "filename": part.get_filename(),
        "contentType": part.get_content_type(),
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    })

json.dump({
    "subject": str(msg["subject"]),
    "from": str(msg["from"]),
    "to": [str(a) for a in msg.get_all("to", [])],
    "cc": [str(a) for a in msg.get_all("cc", [])],
    "contentType": msg.get_content_type(),
    "plain": plain.get_content() if plain is not None else None,
    "html": html.get_content() if html is not None else None,
    "attachments": attachments,
    "defects": [type(d).__name__ for d in msg.defects],
}, sys.stdout, ensure_ascii=False)
