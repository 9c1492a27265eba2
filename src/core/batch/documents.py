"""The batch rules' findings in the documents of the reports they name (`--findings`).

The per-file job writes a report's documents with its own findings; the batch rules run at the end
of the batch, over every record in OUT. Then the documents of a report whose batch findings are not
those its documents list (a report of the year before was added, a setting changed) are written
again from its record, with both. A record keeps a fingerprint of the batch findings its documents
list (`Header.documented`), so that documents are written again only when those change.
"""
from __future__ import annotations

import hashlib
import json
from functools import partial

from .. import api, manager
from ..errors import XxgkError
from ..model import Finding
from . import records
from .storage import Folder


def fingerprint(findings: list[Finding]) -> str | None:
    """What `Header.documented` keeps of the batch findings a report's documents list (None: none)."""
    if not findings:
        return None
    text = json.dumps([f.to_dict() for f in findings], ensure_ascii=False, sort_keys=True)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def add_batch_findings(folder: Folder, converted: list[records.Header], added: dict[str, list[Finding]]) -> list[str]:
    """Write again the documents made with their findings of the converted inputs (`converted`: the
    headers of their records, as read for the batch rules) whose batch findings (`added`, by record)
    changed; the problems met, one message each (a damaged record is left to the datasets, which
    name it)."""
    writers = {w.extension: w.name for w in manager.default().registry.writers if w.write is not None}
    errors = []
    for header in converted:
        record = records.record_name(header.name)
        found = added.get(record, [])
        if not header.identity.get("findings_in_documents") or header.documented == fingerprint(found):
            continue
        try:
            entry = records.entry(folder, record)
        except (OSError, ValueError, KeyError, TypeError):
            continue
        assert entry.report is not None   # a converted record
        try:
            for rel in header.outputs:
                name = writers.get(rel[len(header.name):]) if rel.startswith(header.name) else None
                if name:
                    folder.write(rel, partial(api.write, entry.report, name, findings=entry.findings + found))
            header.documented = fingerprint(found)
            records.write(folder, header, entry.report, entry.findings)
        except XxgkError as exc:
            errors.append(f"{header.source}: its documents could not list the batch rules' findings: {exc}")
    return errors
