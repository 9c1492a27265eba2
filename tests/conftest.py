"""Shared fixtures: the samples, a fresh plugin manager, reading text in memory."""
from __future__ import annotations

import hashlib
import shutil
import textwrap
from pathlib import Path

import pytest

import xxgk
from xxgk import manager
from xxgk.registry import Source

pytest_plugins = ["xxgk.testing"]   # the kit plugin authors use; xxgk's own plugins are held to it too
ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
EXPECTED = Path(__file__).resolve().parent / "data" / "seeds"
SEEDS = sorted(SAMPLES.glob("*.txt"))
CORPUS = ROOT.parent / "shared" / "corpus"   # beside a developer's clone and in CI; absent in a user's


def corpus_reports() -> list[Path]:
    """The shared corpus's reports that the round-trip tests take: seeds/ and real/ (wild/ holds
    inputs the readers are still being taught, and is measured by the scorer instead)."""
    return sorted(p for folder in ("seeds", "real") for p in (CORPUS / folder).glob("*")
                  if p.suffix in (".txt", ".md", ".html", ".pdf"))


@pytest.fixture(scope="session", autouse=True)
def cache_home(tmp_path_factory):
    """The caches the tests write (xxgk.entrypoints') in a folder of their own, not the user's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
        yield


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


@pytest.fixture
def tree(tmp_path):
    """Every format, a corrupt PDF, a broken link, the same stem three times, two years of one organ."""
    src = tmp_path / "src"
    (src / "a").mkdir(parents=True)
    (src / "b" / "deep").mkdir(parents=True)
    for name in ("004_12d7c137f1960f71.txt", "xigong-2024-portal.html", "hongze-2023.pdf", "baiyu-2023.docx"):
        shutil.copy(SAMPLES / name, src / "a" / name)
    shutil.copy(SAMPLES / "003_dfbb28bce6ca2542.txt", src / "a" / "report.txt")
    shutil.copy(SAMPLES / "000_a6b0708e15209e43.txt", src / "b" / "deep" / "report.txt")
    shutil.copy(SAMPLES / "xigong-2024-portal.html", src / "a" / "report.html")
    (src / "a" / "broken.pdf").write_bytes((SAMPLES / "hongze-2023.pdf").read_bytes()[:5000])
    (src / "b" / "gone.docx").symlink_to(src / "nowhere.docx")
    (src / "b" / "notes.bin").write_bytes(b"\x00\x01 not a report")
    (src / "b" / "no-extension").write_bytes((SAMPLES / "hongze-2023.pdf").read_bytes())   # sniffed as PDF
    return src


def digest(folder: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}


CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "chrome")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars")


def debian_program(names: tuple[str, ...], package: str, beside: str | None = None) -> str:
    """A program the tests need, installed from Debian's packages when missing and we may (root, apt);
    with `beside`, a file of the package that must stand beside the program's real path (a part of
    LibreOffice, which has one program for all its parts)."""
    import os
    import shutil
    import subprocess

    def find() -> str | None:
        found = next((shutil.which(n) for n in names if shutil.which(n)), None)
        if found and beside and not (Path(os.path.realpath(found)).parent / beside).exists():
            return None
        return found

    if find() is None and shutil.which("apt-get") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", package], check=False, env=env, capture_output=True)
    found = find()
    if found is None:
        pytest.fail(f"this test needs {beside or names[0]}: apt-get install {package}")
    return found


@pytest.fixture(scope="session")
def chromium() -> str:
    return debian_program(CHROMIUM_NAMES, "chromium")


@pytest.fixture(scope="session")
def libreoffice() -> str:
    return debian_program(("soffice", "libreoffice"), "libreoffice-writer-nogui")


@pytest.fixture(scope="session")
def libreoffice_calc() -> str:
    """LibreOffice with Calc, which opens spreadsheets."""
    return debian_program(("soffice", "libreoffice"), "libreoffice-calc-nogui", beside="libsclo.so")


def cjk_font_files() -> list[str]:
    """The installed fonts that cover Chinese (fontconfig's list)."""
    import subprocess

    try:
        listed = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    return sorted({line.split(":")[0].strip() for line in listed.splitlines() if line.strip()})


CJK_FONT_PACKAGES = ("fonts-noto-cjk", "fonts-wqy-zenhei")


@pytest.fixture(scope="session")
def cjk_font() -> list[str]:
    """The CJK fonts the renderers draw Chinese with, installed from Debian's packages when missing
    and we may (root, apt): Noto CJK, and WenQuanYi Zen Hei, which scangen's reportlab pages embed
    (its Style's font), so that a page and its scan are the same on every machine. Without it they
    fall back to STSong-Light, not embedded, drawn by the rasteriser with whichever Chinese font the
    machine has: another font's digits against thick rules read otherwise."""
    import os
    import shutil
    import subprocess

    def complete(files: list[str]) -> bool:
        return bool(files) and any(Path(f).name == "wqy-zenhei.ttc" for f in files)

    if not complete(cjk_font_files()) and shutil.which("apt-get") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], check=False, env=env, capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", *CJK_FONT_PACKAGES], check=False, env=env,
                       capture_output=True)
    found = cjk_font_files()
    if not complete(found):
        pytest.fail(f"this test needs CJK fonts: apt-get install {' '.join(CJK_FONT_PACKAGES)}")
    return found


PLUGIN = '''
from xxgk import hookimpl
from xxgk.document import Document, Paragraph
from xxgk.model import Finding
from xxgk.registry import Reader, Validator


def read(source):
    lines = source.data.decode().splitlines()
    return Document([Paragraph(line) for line in lines], source=source.name, reader="lines")


@hookimpl
def xxgk_register_readers(registry):
    registry.add_reader(Reader("lines", read, extensions=(".lines",), sniff=lambda head: head.startswith(b"LINES"),
                               priority=10))


@hookimpl
def xxgk_register_validators(registry):
    registry.add_validator(Validator("always", ("ALWAYS",), lambda report: [Finding("ALWAYS", "info", "hello")]))
'''


def make_distribution(tmp_path, entry_points: str):
    """Install, in folder `tmp_path`, the module fake_xxgk_plugin (PLUGIN) and its distribution
    fake-xxgk-plugin 1.2 with these entry points (entry_points.txt)."""
    (tmp_path / "fake_xxgk_plugin.py").write_text(PLUGIN, encoding="utf-8")
    dist = tmp_path / "fake_xxgk_plugin-1.2.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: fake-xxgk-plugin\nVersion: 1.2\n")
    (dist / "entry_points.txt").write_text(textwrap.dedent(entry_points))


@pytest.fixture(params=["native", "pdfminer"])
def pdf_backend(request, monkeypatch) -> str:
    """The PDF reader's backend for the test (pdf_native.BACKEND): pdfium's objects, or pdfminer's
    for every page (the fallback); a test using it runs through both."""
    from xxgk.plugins.pdf_native import BACKEND

    monkeypatch.setenv(BACKEND, request.param)
    return request.param
