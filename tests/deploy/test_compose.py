"""The deployment files (docker-compose.yml, .env.example, deploy/), read as data: no Docker.

Compose interpolation is reproduced here (`${VAR}`, `${VAR:-default}`, `${VAR:?error}`, `$$`)
so the tests can check both what the file says and what it resolves to.
"""

from __future__ import annotations

import http.server
import importlib.util
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from protocol import QUEUES, queue_key
from sandbox.settings import SandboxSettings

ROOT = Path(__file__).resolve().parent.parent.parent
SECRETS = {"POSTGRES_PASSWORD", "POSTGRES_API_PASSWORD", "POSTGRES_WORKER_PASSWORD",
           "REDIS_PASSWORD", "USEFULWRITER_SECRET_KEY", "USEFULWRITER_WEBHOOK_SECRET"}
SECRET_NAME = re.compile(r"PASSWORD|SECRET|_KEY$|TOKEN|AUTH")
REFERENCE = re.compile(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?P<op>:?[-?])?(?P<arg>[^}]*)\}")
SERVICES = {"postgres", "redis", "migrate", "api", "worker", "runner"}


class MissingVariable(Exception):
    pass


def interpolate(text: str, env: dict[str, str]) -> str:
    def one(m: re.Match[str]) -> str:
        name, op, arg = m["name"], m["op"] or "", m["arg"]
        value = env.get(name)
        if op in (":?", "?") and (value is None or (op == ":?" and value == "")):
            raise MissingVariable(f"{name}: {arg}")
        if op in (":-", "-") and (value is None or (op == ":-" and value == "")):
            return arg
        return value or ""

    return "$".join(REFERENCE.sub(one, part) for part in text.split("$$"))


def resolve(node: Any, env: dict[str, str]) -> Any:
    if isinstance(node, str):
        return interpolate(node, env)
    if isinstance(node, dict):
        return {k: resolve(v, env) for k, v in node.items()}
    if isinstance(node, list):
        return [resolve(v, env) for v in node]
    return node


def env_example() -> dict[str, str]:
    pairs = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, sep, value = line.partition("=")
            assert sep, f".env.example: not KEY=value: {line!r}"
            pairs[key.strip()] = value.strip()
    return pairs


def filled_env() -> dict[str, str]:
    """.env.example with every secret filled in by a recognisable value."""
    return env_example() | {name: f"sentinel-{name.lower()}-0123456789" for name in SECRETS}


@pytest.fixture(scope="module")
def text() -> str:
    return (ROOT / "docker-compose.yml").read_text()


@pytest.fixture(scope="module")
def compose(text: str) -> dict[str, Any]:
    doc = yaml.safe_load(text)
    assert isinstance(doc, dict)
    return doc


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, Any]:
    return dict(compose["services"])


@pytest.fixture(scope="module")
def resolved(compose: dict[str, Any]) -> dict[str, Any]:
    return dict(resolve(compose, filled_env())["services"])


def environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.partition("=")[::2] for item in env)
    return {str(k): str(v) for k, v in env.items()}


def strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for v in node.values():
            yield from strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from strings(v)


def seconds(duration: str) -> float:
    units = {"h": 3600, "m": 60, "s": 1, "ms": 0.001}
    parts = re.findall(r"(\d+(?:\.\d+)?)(ms|h|m|s)", duration)
    assert parts and "".join(n + u for n, u in parts) == duration, duration
    return sum(float(n) * units[u] for n, u in parts)


# --- services and their order ---------------------------------------------------------------

def test_every_process_is_a_service(services: dict[str, Any]) -> None:
    assert SERVICES <= services.keys()
    for name in ("migrate", "api", "worker", "runner"):
        assert services[name]["build"]["dockerfile"] == "deploy/Dockerfile", name


def test_commands_are_the_cli(services: dict[str, Any]) -> None:
    assert services["migrate"]["command"] == ["migrate"]
    assert services["api"]["command"][:1] == ["api"]
    assert "0.0.0.0" in services["api"]["command"]
    assert services["worker"]["command"] == ["worker"]
    assert services["runner"]["command"][:2] == ["runner", "--slots"]


def test_migrate_runs_once_after_postgres_and_gates_api_and_worker(
        services: dict[str, Any]) -> None:
    assert services["migrate"]["restart"] == "no"
    assert services["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    for name in ("api", "worker"):
        deps = services[name]["depends_on"]
        assert deps["migrate"]["condition"] == "service_completed_successfully", name
        assert deps["redis"]["condition"] == "service_healthy", name


def test_healthchecks(services: dict[str, Any]) -> None:
    def probe(name: str) -> str:
        return " ".join(services[name]["healthcheck"]["test"])

    assert "pg_isready" in probe("postgres")
    assert "redis-cli" in probe("redis") and "ping" in probe("redis")
    assert "/healthz" in probe("api")
    assert "usefulwriter runner" in probe("runner") and "docker" in probe("runner")


def test_api_port_is_published(resolved: dict[str, Any]) -> None:
    assert [p.rsplit(":", 1)[1] for p in resolved["api"]["ports"]] == ["8000"]


# --- the runner pool ------------------------------------------------------------------------

def test_runner_can_be_scaled(services: dict[str, Any]) -> None:
    runner = services["runner"]
    # A fixed name or host port stops `--scale runner=N`; a fixed hostname or the host's network
    # would give every runner the same sandbox owner ids ("host:pid").
    for key in ("container_name", "ports", "hostname", "network_mode", "pid"):
        assert key not in runner, key


def test_runner_holds_no_database_credentials(services: dict[str, Any],
                                              resolved: dict[str, Any]) -> None:
    raw = services["runner"]
    assert "env_file" not in raw
    assert set(environment(raw)) <= {"USEFULWRITER_RUNNER_REDIS_URL", "USEFULWRITER_RUNNER_SLOTS",
                                     "USEFULWRITER_RUNNER_POOL_SIZE"}
    assert "USEFULWRITER_RUNNER_REDIS_URL" in environment(raw)
    values = " ".join(strings(resolved["runner"]))
    for name in SECRETS - {"REDIS_PASSWORD"}:
        assert filled_env()[name] not in values, name
    assert "postgres" not in values
    assert not {"postgres", "migrate"} & set(raw.get("depends_on", {}))


def test_runner_cannot_reach_the_database(services: dict[str, Any],
                                          compose: dict[str, Any]) -> None:
    runner_nets = set(services["runner"]["networks"])
    assert runner_nets and not runner_nets & set(services["postgres"]["networks"])
    assert all(compose["networks"][n].get("internal") for n in runner_nets)


def test_runner_mounts_the_docker_socket(services: dict[str, Any]) -> None:
    volumes = services["runner"]["volumes"]
    assert "/var/run/docker.sock:/var/run/docker.sock" in volumes
    assert "/etc/os-release:/etc/os-release:ro" in volumes  # tags are computed as the host did
    channels = SandboxSettings.model_fields["channel_dir"].default  # the same path on both
    assert f"{channels}:{channels}" in volumes
    for name in SERVICES - {"runner"}:
        assert not any("docker.sock" in v for v in services[name].get("volumes", [])), name


def test_runner_drains_on_stop(services: dict[str, Any]) -> None:
    runner = services["runner"]
    assert seconds(runner["stop_grace_period"]) >= 30
    assert runner.get("stop_signal", "SIGTERM") == "SIGTERM"
    assert runner["init"] is True  # PID 1 forwards SIGTERM to the pool


def test_app_containers_are_unprivileged(services: dict[str, Any]) -> None:
    for name in ("migrate", "api", "worker", "runner"):
        svc = services[name]
        assert svc["cap_drop"] == ["ALL"], name
        assert "no-new-privileges:true" in svc["security_opt"], name
        assert not svc.get("privileged"), name


# --- secrets ----------------------------------------------------------------------------------

def test_only_escaped_or_braced_dollars(text: str) -> None:
    # A bare $VAR would be interpolated (or silently emptied) by compose.
    assert re.findall(r"\$(?!\$|\{)", text.replace("$$", "")) == []


def test_secrets_are_required_variables(text: str) -> None:
    refs = [m for m in REFERENCE.finditer(text) if SECRET_NAME.search(m["name"])]
    assert {m["name"] for m in refs} >= SECRETS
    loose = [m[0] for m in refs if m["op"] != ":?"]
    assert loose == [], "secrets must use ${VAR:?message} (no default, never empty)"


def test_every_variable_is_documented_in_env_example(text: str) -> None:
    documented = env_example()
    missing = {m["name"] for m in REFERENCE.finditer(text)} - documented.keys()
    assert missing == set()


def test_env_example_leaves_secrets_empty_and_says_how_to_make_them() -> None:
    example = env_example()
    assert {name: example[name] for name in SECRETS} == dict.fromkeys(SECRETS, "")
    assert "secrets.token_urlsafe" in (ROOT / ".env.example").read_text()


def test_an_unedited_env_is_refused(compose: dict[str, Any]) -> None:
    with pytest.raises(MissingVariable):
        resolve(compose, env_example())
    for name in SECRETS:
        with pytest.raises(MissingVariable, match=name):
            resolve(compose, filled_env() | {name: ""})


def test_no_literal_passwords(services: dict[str, Any]) -> None:
    for name, svc in services.items():
        for key, value in environment(svc).items():
            if SECRET_NAME.search(key):
                assert re.fullmatch(r"\$\{\w+:\?[^}]*\}", value), f"{name}: {key}"
        for s in strings(svc):
            for userinfo in re.findall(r"://([^/@\s]*)@", s):
                password = userinfo.partition(":")[2]
                assert re.fullmatch(r"\$\{\w+:\?[^}]*\}", password), f"{name}: {s}"
    command = services["redis"]["command"]
    password = command[command.index("--requirepass") + 1]
    assert re.fullmatch(r"\$\{REDIS_PASSWORD:\?[^}]*\}", password)


def test_urls_resolve_to_the_services(resolved: dict[str, Any]) -> None:
    env, filled = environment(resolved["api"]), filled_env()
    migrate = environment(resolved["migrate"])
    # each process holds its own database role only; the owner's is the migration's
    for service, name, user, password in (
            ("api", "USEFULWRITER_DATABASE_URL", "usefulwriter_api", "POSTGRES_API_PASSWORD"),
            ("worker", "USEFULWRITER_DATABASE_URL", "usefulwriter_worker",
             "POSTGRES_WORKER_PASSWORD"),
            ("migrate", "USEFULWRITER_OWNER_DATABASE_URL", "usefulwriter", "POSTGRES_PASSWORD"),
            ("migrate", "USEFULWRITER_DATABASE_URL", "usefulwriter_api",
             "POSTGRES_API_PASSWORD"),
            ("migrate", "USEFULWRITER_WORKER_DATABASE_URL", "usefulwriter_worker",
             "POSTGRES_WORKER_PASSWORD")):
        db = urlsplit(environment(resolved[service])[name])
        assert (db.scheme, db.hostname, db.username, db.password) == (
            "postgresql+psycopg", "postgres", user, filled[password]), (service, name)
    for service in ("api", "worker"):
        held = " ".join(environment(resolved[service]).values())
        assert filled["POSTGRES_PASSWORD"] not in held, service
    assert filled["POSTGRES_WORKER_PASSWORD"] not in " ".join(env.values())
    assert len(migrate) > len(env)
    for url in (env["USEFULWRITER_REDIS_URL"],
                environment(resolved["runner"])["USEFULWRITER_RUNNER_REDIS_URL"]):
        parts = urlsplit(url)
        assert (parts.scheme, parts.hostname, parts.password) == (
            "redis", "redis", filled_env()["REDIS_PASSWORD"])
    worker = environment(resolved["worker"])
    own = {"USEFULWRITER_DATABASE_URL", "USEFULWRITER_FORWARDED_ALLOW_IPS"}  # the api's alone
    assert {k: v for k, v in worker.items() if k not in own} == {
        k: v for k, v in env.items() if k not in own}
    assert env["USEFULWRITER_ENVIRONMENT"] == "production"


def test_env_is_ignored_by_git_and_docker() -> None:
    def patterns(name: str) -> set[str]:
        lines = (ROOT / name).read_text().splitlines()
        return {ln.strip() for ln in lines if ln.strip() and not ln.startswith("#")}

    assert ".env" in patterns(".gitignore")
    assert {".env", ".git", ".venv"} <= patterns(".dockerignore")


# --- the image --------------------------------------------------------------------------------

def dockerfile() -> str:
    return (ROOT / "deploy" / "Dockerfile").read_text()


def test_dockerfile_base_is_a_build_arg() -> None:
    lines = [ln.strip() for ln in dockerfile().splitlines() if ln.strip()
             and not ln.lstrip().startswith("#")]
    froms = [i for i, ln in enumerate(lines) if ln.upper().startswith("FROM ")]
    assert "ARG BASE_IMAGE=python:3.11-slim" in lines[:froms[0]]
    assert lines[froms[0]] == "FROM ${BASE_IMAGE}"
    assert not re.search(r"^#\s*syntax=", dockerfile(), re.M)  # would pull a frontend image


def test_dockerfile_installs_python_when_the_base_lacks_it_and_the_project() -> None:
    text = dockerfile()
    assert re.search(r"apt-get install[^\n]*\$missing", text)
    assert 'missing="python3 python3-venv"' in text
    assert re.search(r"pip install (--no-deps )?/src\b", text)
    # sandbox.images computes the sandbox tags from these Dockerfiles; the wheel lacks them.
    assert re.search(r"cp -r /src/sandbox_images \"\$site/sandbox_images\"", text)
    assert 'ENTRYPOINT ["usefulwriter"]' in text
    users = re.findall(r"^USER\s+(\S+)", text, re.M)
    assert users and users[-1] not in ("root", "0")


# --- Kubernetes -------------------------------------------------------------------------------

def k8s(kind: str) -> dict[str, Any]:
    for path in sorted((ROOT / "deploy" / "k8s").glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            if doc and doc["kind"] == kind:
                return dict(doc)
    raise AssertionError(f"no {kind} in deploy/k8s")


def test_keda_scales_the_runner_on_every_queue() -> None:
    scaled, deployment = k8s("ScaledObject"), k8s("Deployment")
    assert scaled["spec"]["scaleTargetRef"]["name"] == deployment["metadata"]["name"]
    triggers = scaled["spec"]["triggers"]
    assert {t["type"] for t in triggers} == {"redis"}
    assert {t["metadata"]["listName"] for t in triggers} == {queue_key(q) for q in QUEUES}
    auth = k8s("TriggerAuthentication")["metadata"]["name"]
    assert all(t["authenticationRef"]["name"] == auth for t in triggers)


def test_k8s_runner_holds_only_its_redis_url_and_drains() -> None:
    pod = k8s("Deployment")["spec"]["template"]["spec"]
    assert pod["terminationGracePeriodSeconds"] >= 60
    (container,) = pod["containers"]
    assert container["args"][0] == "runner"
    assert all(e["name"].startswith("USEFULWRITER_RUNNER_") for e in container["env"])
    assert not container.get("envFrom")
    sockets = [v for v in pod["volumes"] if v.get("hostPath", {}).get("type") == "Socket"]
    assert [v["hostPath"]["path"] for v in sockets] == ["/var/run/docker.sock"]
    channels = SandboxSettings.model_fields["channel_dir"].default  # the same path on both
    (mount,) = [m for m in container["volumeMounts"] if m["mountPath"] == channels]
    assert pod_volume(pod, mount["name"])["hostPath"]["path"] == channels
    assert not pod.get("hostNetwork") and not pod.get("hostPID")


def pod_volume(pod: dict[str, Any], name: str) -> dict[str, Any]:
    volume: dict[str, Any] = next(v for v in pod["volumes"] if v["name"] == name)
    return volume


def test_operations_guide_names_the_queue_keys() -> None:
    guide = (ROOT / "docs" / "OPERATIONS.md").read_text()
    for queue in QUEUES:
        assert queue_key(queue) in guide


# --- uw-healthcheck ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def healthcheck() -> ModuleType:
    spec = importlib.util.spec_from_file_location("uw_healthcheck",
                                                  ROOT / "deploy" / "healthcheck.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Status(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the http.server protocol
        self.send_response(int(self.path.strip("/")))
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


def test_healthcheck_http(healthcheck: ModuleType) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Status)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        assert healthcheck.run(["http", f"{base}/200"]) == []
        assert healthcheck.run(["http", f"{base}/503"]) == [f"http {base}/503"]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_healthcheck_process(healthcheck: ModuleType) -> None:
    marker = "uw-healthcheck-test-marker"
    assert not healthcheck.process_running(marker)
    program = "import time; print('up', flush=True); time.sleep(30)"
    proc = subprocess.Popen([sys.executable, "-c", program, marker], stdout=subprocess.PIPE)
    try:
        assert proc.stdout and proc.stdout.readline() == b"up\n"  # exec'd: argv is the child's
        assert healthcheck.run(["process", marker]) == []
    finally:
        proc.kill()
        proc.wait()
        assert proc.stdout
        proc.stdout.close()
    assert healthcheck.run(["process", marker]) == [f"no process {marker!r}"]


@pytest.mark.parametrize("answer, healthy", [
    (b"HTTP/1.0 200 OK\r\nApi-Version: 1.41\r\n\r\nOK", True),
    (b"HTTP/1.0 500 Internal Server Error\r\n\r\nOK", False),
])
def test_healthcheck_docker(healthcheck: ModuleType, tmp_path: Path, answer: bytes,
                            healthy: bool) -> None:
    path = str(tmp_path / "docker.sock")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(path)
        server.listen(1)

        def serve() -> None:
            conn, _ = server.accept()
            with conn:
                conn.recv(4096)
                conn.sendall(answer)

        thread = threading.Thread(target=serve, daemon=True)
        thread.start()
        assert healthcheck.docker_ok(path) is healthy
        thread.join()
    assert healthcheck.run(["docker", str(tmp_path / "absent.sock")]) != []


def test_healthcheck_refuses_unknown_checks(healthcheck: ModuleType) -> None:
    assert healthcheck.run(["bogus"]) == ["unknown check 'bogus'"]
    assert healthcheck.run(["http"]) == ["unknown check 'http'"]


def test_the_web_app_is_on_the_edge_only_and_proxies_to_the_api(
        services: dict[str, Any]) -> None:
    web = services["web"]
    assert web["build"]["context"] == "web"
    assert (ROOT / "web" / "Dockerfile").read_text().count("server.js") >= 1
    assert web["networks"] == ["edge"]  # no database, no queue
    assert environment(web) == {"API_ORIGIN": "http://api:8000"}  # and no secret
    assert web["depends_on"]["api"]["condition"] == "service_healthy"
    assert web["read_only"] is True and web["cap_drop"] == ["ALL"]
    assert web["ports"][0].startswith("${WEB_BIND:-127.0.0.1}:")


def test_the_api_believes_forwarded_addresses_from_the_edge_only(
        compose: dict[str, Any], resolved: dict[str, Any]) -> None:
    subnet = compose["networks"]["edge"]["ipam"]["config"][0]["subnet"]
    assert environment(resolved["api"])["USEFULWRITER_FORWARDED_ALLOW_IPS"] == \
        filled_env().get("EDGE_SUBNET", "172.30.240.0/24")
    assert subnet == "${EDGE_SUBNET:-172.30.240.0/24}"
