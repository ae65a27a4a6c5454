#!/usr/bin/env python3
"""SCIM 2.0 compliance of Poortwachter's provisioning endpoint, checked by scim2-tester.

Runs every check of scim2-tester (RFC 7643/7644: discovery, create, read, attribute
selection, replace, delete, PATCH add/replace/remove on every attribute the server
publishes, error answers) against BASE_URL (e.g. http://127.0.0.1:8080/scim/v2) with a
provisioning token, prints each check's status, and exits non-zero when any check fails
(status ERROR or CRITICAL).

No check is excluded. Two things are told to the tester, through the examples of the
discovered User model's fields (which scim2-tester picks its values from when a field has
them); every other value is the tester's own random one:

- userName is the person's e-mail address in Poortwachter (his login, where his invitation
  goes), so a userName that is not one is refused (400 invalidValue, docs/decisions.md 87),
  while the tester fills strings with random UUIDs: its examples are fresh addresses.
- Poortwachter keeps one e-mail address and one phone number per person, which are therefore
  the primary ones (RFC 7643 §2.4) and served with "primary": true, while the tester sends
  "primary" as a random boolean: the example of emails.primary and phoneNumbers.primary is
  true.

Run by tests/tests/scim.rs (`make test`) with the venv of infra/dev/requirements-test.txt.
"""

import argparse
import sys
import typing
import uuid
from collections.abc import Sequence

import httpx2
from scim2_client.engines.httpx2 import SyncSCIMClient
from scim2_tester import Status, check_server

USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
FAILED = (Status.ERROR, Status.CRITICAL)


class FreshAddresses(Sequence):
    """Examples of userName: every pick is an address never used before."""

    def __len__(self) -> int:
        return 1 << 30

    def __getitem__(self, index):  # noqa: ANN001 - Sequence protocol
        return f"{uuid.uuid4()}@scim-tester.example"


def models_in(annotation, seen: set) -> list:
    """The pydantic models an annotation names (through list[...], Optional, Annotated)."""
    found = []
    if isinstance(annotation, type) and hasattr(annotation, "model_fields"):
        if annotation not in seen:
            seen.add(annotation)
            found.append(annotation)
    for arg in typing.get_args(annotation):
        found.extend(models_in(arg, seen))
    return found


def tell_the_tester(client: SyncSCIMClient) -> None:
    """Gives the discovered User models' userName fresh addresses as examples, and the
    primary flag of emails and phoneNumbers true."""
    addresses = primaries = 0
    seen: set = set()
    todo = []
    for key in ("User", USER_SCHEMA):
        model = client.provider.model_for(key)
        if model is not None:
            todo.extend(models_in(model, seen))
    while todo:
        model = todo.pop()
        for name, field in model.model_fields.items():
            alias = field.serialization_alias or name
            if alias == "userName":
                field.examples = FreshAddresses()
                addresses += 1
            if alias in ("emails", "phoneNumbers"):
                for item in models_in(field.annotation, seen):
                    if "primary" in item.model_fields:
                        item.model_fields["primary"].examples = [True]
                        primaries += 1
            todo.extend(models_in(field.annotation, seen))
    if not addresses or not primaries:
        sys.exit("the server's User schema has no userName, emails or phoneNumbers")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base_url", help="the SCIM base URL, e.g. http://127.0.0.1:8080/scim/v2")
    parser.add_argument("token", help="a provisioning token (pwscim_...)")
    args = parser.parse_args()

    http = httpx2.Client(
        base_url=args.base_url.rstrip("/"),
        headers={"Authorization": f"Bearer {args.token}"},
        timeout=60,
    )
    client = SyncSCIMClient(http)
    client.discover()
    tell_the_tester(client)

    results = check_server(client)
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    for r in results:
        if r.status in FAILED:
            counts["failed"] += 1
        elif r.status == Status.SKIPPED:
            counts["skipped"] += 1
        else:
            counts["passed"] += 1
        where = f" [{r.resource_type}]" if r.resource_type else ""
        print(f"{r.status.name:<10} {r.title}{where}: {r.reason or ''}".rstrip())
        if r.status in FAILED and r.data is not None:
            print(f"           data: {r.data!r}"[:2000])
    print(f"{counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped")
    return 1 if counts["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
