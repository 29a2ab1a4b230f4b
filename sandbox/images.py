"""Sandbox images: bootstrap a Debian rootfs locally, then build one image per language on it.

No container registry is reachable from our machines, so the bottom layer is made with
debootstrap from the host's own apt mirror and imported. Every tag is a content hash of its
inputs (recipe, Dockerfile, supervisor, parent tag): a changed input means a new tag, an
unchanged one means nothing to build.
"""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import docker
from docker.errors import ImageNotFound

from sandbox.errors import SandboxUnavailable
from sandbox.languages import LANGUAGES, get_language

ROOT = Path(__file__).resolve().parent.parent
IMAGES_DIR = ROOT / "sandbox_images"
SUPERVISOR = Path(__file__).resolve().parent / "supervisor.py"
LAUNCHER = Path(__file__).resolve().parent / "launcher.c"
BUILDER_LANGUAGE = "c"  # its toolchain image compiles the launcher for every sandbox image
REPO = "usefulwriter"
ROOTFS_INCLUDE = ("python3",)
ROOTFS_RECIPE_VERSION = "1"

Log = Callable[[str], None]


def _digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode() if isinstance(part, str) else part)
        h.update(b"\0")
    return h.hexdigest()[:16]


def host_distribution() -> tuple[str, str]:
    """(distribution id, codename) of the host, from /etc/os-release."""
    info: dict[str, str] = {}
    for line in Path("/etc/os-release").read_text().splitlines():
        key, _, value = line.partition("=")
        info[key] = value.strip().strip('"')
    return info.get("ID", "debian"), info.get("VERSION_CODENAME", "bookworm")


def host_mirror(suite: str) -> str:
    """The archive URI the host's apt uses for `suite` (deb822 .sources or one-line lists)."""
    candidates: list[str] = []
    sources = Path("/etc/apt/sources.list.d")
    for path in sorted(sources.glob("*.sources")) if sources.is_dir() else []:
        for stanza in re.split(r"\n\s*\n", path.read_text()):
            fields = dict(
                (k.strip(), v.strip()) for k, _, v in
                (ln.partition(":") for ln in stanza.splitlines() if ln and not ln.startswith("#"))
            )
            if suite in fields.get("Suites", "").split() and "deb" in fields.get("Types", ""):
                candidates += fields.get("URIs", "").split()
    lists = [Path("/etc/apt/sources.list"), *sorted(sources.glob("*.list"))]
    for path in lists:
        if not path.is_file():
            continue
        for line in path.read_text().splitlines():
            words = re.sub(r"\[.*?\]", "", line).split()
            if len(words) >= 3 and words[0] == "deb" and words[2] == suite:
                candidates.append(words[1])
    if not candidates:
        raise SandboxUnavailable(f"no apt source for {suite!r} in the host's apt configuration")
    return candidates[0]


def rootfs_tag() -> str:
    distro, suite = host_distribution()
    return f"{REPO}/rootfs:{distro}-{suite}-{_digest(ROOTFS_RECIPE_VERSION, *ROOTFS_INCLUDE)}"


def _recipe(image: str) -> list[Path]:
    """A toolchain's build context: its Dockerfile and the files beside it, in a fixed order."""
    return sorted(p for p in (IMAGES_DIR / image).iterdir() if p.is_file())


def toolchain_tag(language: str) -> str:
    lang = get_language(language)
    inputs = [part for p in _recipe(lang.image) for part in (p.name, p.read_bytes())]
    return f"{REPO}/{lang.image}-toolchain:{_digest(*inputs, rootfs_tag())}"


def image_tag(language: str) -> str:
    top = (IMAGES_DIR / "sandbox" / "Dockerfile").read_bytes()
    lang = get_language(language)
    inputs = (top, SUPERVISOR.read_bytes(), LAUNCHER.read_bytes(), toolchain_tag(BUILDER_LANGUAGE))
    return f"{REPO}/{lang.image}:{_digest(*inputs, toolchain_tag(language))}"


def _exists(client: docker.DockerClient, tag: str) -> bool:
    try:
        client.images.get(tag)
        return True
    except ImageNotFound:
        return False


def bootstrap_rootfs(client: docker.DockerClient, log: Log) -> str:
    tag = rootfs_tag()
    if _exists(client, tag):
        return tag
    if shutil.which("debootstrap") is None:
        raise SandboxUnavailable("debootstrap is not installed (apt-get install debootstrap)")
    _, suite = host_distribution()
    mirror = host_mirror(suite)
    log(f"bootstrapping {suite} from {mirror} (debootstrap, a few minutes the first time)")
    with tempfile.TemporaryDirectory(prefix="uw-rootfs-") as tmp:
        target = Path(tmp) / "rootfs"
        subprocess.run(
            ["debootstrap", "--variant=minbase", f"--include={','.join(ROOTFS_INCLUDE)}",
             suite, str(target), mirror],
            check=True, stdout=subprocess.DEVNULL,
        )
        tar_path = Path(tmp) / "rootfs.tar"
        subprocess.run(["tar", "-C", str(target), "--numeric-owner", "-cf", str(tar_path), "."],
                       check=True)
        repo, _, version = tag.partition(":")
        with open(tar_path, "rb") as f:
            client.api.import_image_from_data(f, repository=repo, tag=version)
    log(f"imported {tag}")
    return tag


def _context(dockerfile_dir: Path, extra: Iterable[Path]) -> io.BytesIO:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tar:
        tar.add(dockerfile_dir / "Dockerfile", arcname="Dockerfile")
        for path in extra:
            tar.add(path, arcname=path.name)
    buf.seek(0)
    return buf


def _build(client: docker.DockerClient, tag: str, ctx: io.BytesIO, args: dict[str, str],
           log: Log) -> str:
    if _exists(client, tag):
        return tag
    log(f"building {tag}")
    for chunk in client.api.build(fileobj=ctx, custom_context=True, tag=tag, buildargs=args,
                                  network_mode="host", rm=True, forcerm=True, decode=True):
        if "error" in chunk:
            raise SandboxUnavailable(f"building {tag} failed: {chunk['error'].strip()}")
        line = chunk.get("stream", "").rstrip()
        if line.startswith("Step "):
            log("  " + line)
    return tag


def build_images(languages: Iterable[str] | None = None, log: Log = print,
                 client: docker.DockerClient | None = None) -> dict[str, str]:
    """Build (or find cached) images for `languages` (all when None); returns name -> tag."""
    client = client or docker.from_env()
    names = list(languages) if languages else list(LANGUAGES)
    for name in names:
        get_language(name)
    rootfs = bootstrap_rootfs(client, log)

    def toolchain(name: str) -> str:
        image = get_language(name).image
        ctx = _context(IMAGES_DIR / image, [p for p in _recipe(image) if p.name != "Dockerfile"])
        return _build(client, toolchain_tag(name), ctx, {"BASE": rootfs}, log)

    builder = toolchain(BUILDER_LANGUAGE)
    built = {}
    for i, name in enumerate(names, 1):
        state = "ready" if _exists(client, image_tag(name)) else "building"
        log(f"[{i}/{len(names)}] {name}: {state}")
        top = _context(IMAGES_DIR / "sandbox", [SUPERVISOR, LAUNCHER])
        built[name] = _build(client, image_tag(name), top,
                             {"BASE": toolchain(name), "BUILDER": builder}, log)
    return built


def media_tag() -> str:
    """The media image (ffmpeg, for video uploads): the sandbox rootfs plus Debian's ffmpeg."""
    dockerfile = (IMAGES_DIR / "media" / "Dockerfile").read_bytes()
    return f"{REPO}/media:{_digest(dockerfile, rootfs_tag())}"


def build_media_image(log: Log = print, client: docker.DockerClient | None = None) -> str:
    client = client or docker.from_env()
    rootfs = bootstrap_rootfs(client, log)
    return _build(client, media_tag(), _context(IMAGES_DIR / "media", []), {"BASE": rootfs},
                  log)


def missing_images(client: docker.DockerClient, languages: Iterable[str]) -> list[str]:
    return [n for n in languages if not _exists(client, image_tag(n))]

