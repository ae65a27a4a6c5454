#!/usr/bin/env python3
"""Checks the deployment files as far as this machine allows (Docker and Kubernetes cannot run
here): every YAML file parses; the Kubernetes objects the operations guide promises exist with
the probes, images and commands they need; every POORTWACHTER_ variable they set is a real
configuration key; every command they run is a real subcommand of the binary; the container
build runs the same build commands as the Makefile (which `make test` runs).

Usage: infra/check.py path/to/poortwachter   (exit 1 with one line per problem)
"""
import pathlib
import re
import subprocess
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent
INFRA = ROOT / "infra"
problems = []


def problem(msg):
    problems.append(msg)


binary = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target/debug/poortwachter")
help_text = subprocess.run([binary, "--help"], capture_output=True, text=True, check=True).stdout
subcommands = set(re.findall(r"^  ([a-z][a-z-]+)\s", help_text, re.M)) - {"help"}
config_keys = set(re.findall(r"POORTWACHTER_[A-Z0-9_]+", (ROOT / "docs/configuration.md").read_text()))

docs = {}
for path in sorted(INFRA.rglob("*.yaml")):
    try:
        docs[path] = [d for d in yaml.safe_load_all(path.read_text()) if d is not None]
    except yaml.YAMLError as e:
        problem(f"{path.relative_to(ROOT)}: does not parse: {e}")

for path in sorted(list(INFRA.rglob("*.yaml")) + [INFRA / "Dockerfile"]):
    for var in set(re.findall(r"POORTWACHTER_[A-Z0-9_]+", path.read_text())):
        if var not in config_keys:
            problem(f"{path.relative_to(ROOT)}: {var} is not a configuration key")

# Kubernetes.
objects = [d for p, ds in docs.items() if "k8s" in p.parts for d in ds]
by_kind = {}
for o in objects:
    if not {"apiVersion", "kind"} <= o.keys() or ("metadata" not in o and o.get("kind") != "Kustomization"):
        problem(f"k8s object without apiVersion/kind/metadata: {o}")
        continue
    by_kind.setdefault(o["kind"], []).append(o)
for kind, n in {"Deployment": 2, "Job": 1, "Service": 1, "Ingress": 1, "ConfigMap": 1, "Secret": 1,
                "HorizontalPodAutoscaler": 1, "PodDisruptionBudget": 2, "Kustomization": 1}.items():
    if len(by_kind.get(kind, [])) < n:
        problem(f"k8s: expected {n} {kind}, found {len(by_kind.get(kind, []))}")
kustomize = by_kind.get("Kustomization", [{}])[0]
for res in kustomize.get("resources", []):
    if not (INFRA / "k8s" / res).exists():
        problem(f"k8s/kustomization.yaml: {res} does not exist")


def containers(o):
    spec = o.get("spec", {})
    return spec.get("template", {}).get("spec", {}).get("containers", [])


for o in by_kind.get("Deployment", []) + by_kind.get("Job", []):
    for c in containers(o):
        args = c.get("args", [])
        if not args or args[0] not in subcommands:
            problem(f"k8s {o['metadata']['name']}: runs {args}, not a subcommand of poortwachter")
        if c.get("image") != "poortwachter":
            problem(f"k8s {o['metadata']['name']}: image {c.get('image')} (kustomize sets 'poortwachter')")
# Every Secret and ConfigMap a workload names exists, and every key it mounts is in it.
secrets = {o["metadata"]["name"]: o for o in by_kind.get("Secret", [])}
maps = {o["metadata"]["name"]: o for o in by_kind.get("ConfigMap", [])}
for o in by_kind.get("Deployment", []) + by_kind.get("Job", []):
    pod = o.get("spec", {}).get("template", {}).get("spec", {})
    for c in pod.get("containers", []):
        for ref in c.get("envFrom", []):
            if "secretRef" in ref and ref["secretRef"]["name"] not in secrets:
                problem(f"k8s {o['metadata']['name']}: no Secret {ref['secretRef']['name']}")
            if "configMapRef" in ref and ref["configMapRef"]["name"] not in maps:
                problem(f"k8s {o['metadata']['name']}: no ConfigMap {ref['configMapRef']['name']}")
    for v in pod.get("volumes", []):
        if "secret" not in v:
            continue
        secret = secrets.get(v["secret"]["secretName"])
        if secret is None:
            problem(f"k8s {o['metadata']['name']}: no Secret {v['secret']['secretName']}")
            continue
        held = set(secret.get("stringData", {})) | set(secret.get("data", {}))
        for item in v["secret"].get("items", []):
            if item["key"] not in held:
                problem(f"k8s {o['metadata']['name']}: Secret {v['secret']['secretName']} has no key {item['key']}")
for name, secret in secrets.items():
    for key in list(secret.get("stringData", {})) + list(secret.get("data", {})):
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) and any(
            ref.get("secretRef", {}).get("name") == name
            for o in by_kind.get("Deployment", []) + by_kind.get("Job", [])
            for c in containers(o)
            for ref in c.get("envFrom", [])
        ):
            problem(f"k8s Secret {name}: key {key} is read as environment but is no variable name")

gateways = [o for o in by_kind.get("Deployment", []) if containers(o) and containers(o)[0].get("args", [""])[0] == "serve"]
if not gateways:
    problem("k8s: no gateway Deployment (serve)")
for g in gateways:
    c = containers(g)[0]
    if c.get("readinessProbe", {}).get("httpGet", {}).get("path") != "/readyz":
        problem("k8s gateway: readiness must be /readyz")
    if c.get("livenessProbe", {}).get("httpGet", {}).get("path") != "/healthz":
        problem("k8s gateway: liveness must be /healthz")
    if "--no-worker" not in c.get("args", []):
        problem("k8s gateway: the gateways run --no-worker (workers are their own Deployment)")

# Compose.
compose = docs.get(INFRA / "compose.yaml", [{}])[0]
services = compose.get("services", {})
for name in ["postgres", "mailpit", "minio", "migrate", "gateway-1", "gateway-2", "worker-1", "worker-2", "proxy"]:
    if name not in services:
        problem(f"compose: no service {name}")
for name, s in services.items():
    cmd = s.get("command")
    if s.get("image", "").startswith("poortwachter") and (not cmd or cmd[0] not in subcommands):
        problem(f"compose {name}: runs {cmd}, not a subcommand of poortwachter")
if not (INFRA / "nginx.conf").exists():
    problem("compose: infra/nginx.conf is missing")

# The container build runs what the Makefile runs.
makefile = (ROOT / "Makefile").read_text()
dockerfile = (INFRA / "Dockerfile").read_text()
for target in ["web", "server"]:
    body = re.search(rf"^{target}:.*\n((?:\t.*\n)+)", makefile, re.M)
    if not body:
        problem(f"Makefile: no target {target}")
        continue
    for line in body.group(1).strip().split("\n"):
        for cmd in line.strip().split("&&"):
            cmd = re.sub(r"^cd \S+$", "", cmd.strip())
            if cmd and f"RUN {cmd}" not in dockerfile:
                problem(f"infra/Dockerfile does not run `{cmd}` (Makefile target {target})")

for p in problems:
    print(p)
print(f"infra: {len(docs)} YAML files, {len(objects)} Kubernetes objects, {len(services)} compose services; "
      f"{len(problems)} problems")
sys.exit(1 if problems else 0)
