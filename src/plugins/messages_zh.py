"""The Chinese wording of the builtin rules' messages and of the reasons readers and the assembler
give in them: the catalogue `messages_zh.json` beside this module (see `xxgk.messages`)."""
from __future__ import annotations

import json
from pathlib import Path

from xxgk import hookimpl

CATALOGUE = Path(__file__).with_name("messages_zh.json")


@hookimpl
def xxgk_register_validators(registry):
    # checked once, by add_messages (`xxgk.messages.load` would check it a second time)
    registry.add_messages(json.loads(CATALOGUE.read_text(encoding="utf-8")))
