"""Shared fixtures: the samples, a fresh plugin manager, reading text in memory."""
from __future__ import annotations

from pathlib import Path

import pytest

import xxgk
from xxgk import manager
from xxgk.registry import Source

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
EXPECTED = Path(__file__).resolve().parent / "data" / "seeds"
SEEDS = sorted(SAMPLES.glob("*.txt"))


@pytest.fixture
def plugins():
    """A freshly loaded plugin manager with its registry."""
    return manager.load()


def read_text(text: str, name: str = "report.txt", encoding: str = "utf-8"):
    return xxgk.read_source(Source(text.encode(encoding), name))


def sample_text(stem: str) -> str:
    return (SAMPLES / f"{stem}.txt").read_text(encoding="utf-8")


def rules(findings) -> set[str]:
    return {f.rule for f in findings}
