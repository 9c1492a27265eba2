"""The Chinese wording of the builtin rules' messages and of the reasons readers and the assembler
give in them: the catalogue `messages_zh.json` beside this module (see `xxgk.messages`)."""
from __future__ import annotations

from pathlib import Path

from xxgk import hookimpl
from xxgk.messages import load

CATALOGUE = Path(__file__).with_name("messages_zh.json")


@hookimpl
def xxgk_register_validators(registry):
    registry.add_messages(load(CATALOGUE))
