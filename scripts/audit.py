#!/usr/bin/env python3
"""``make audit``: known vulnerabilities of every package pinned in constraints.txt, as far as can be known here.

    .venv/bin/python scripts/audit.py [--constraints constraints.txt] [--no-pip-audit] [--verbose]

1. pip-audit, whenever its vulnerability service answers: PyPI's per-release JSON
   (``/pypi/NAME/VERSION/json``) or, failing that, api.osv.dev.
2. Otherwise PyPI's project JSON (``/pypi/NAME/json``). Its ``vulnerabilities`` field lists the
   known vulnerabilities of the project's LATEST release only, so a pin equal to the latest
   release is audited by it, and an older pin is reported as "not audited (pinned X, latest Y)"
   with what the project JSON does tell about it: the pin yanked, advisories still open in the
   latest release, how far behind it is.

Exit status: 0 every package audited and none vulnerable; 1 a known vulnerability in a pinned
package; 3 some packages could not be audited (none of the audited ones vulnerable); 2 nothing
could be looked up (no network, unreadable constraints). The last line says which, in one line.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parents[1]
PYPI = "https://pypi.org/pypi"
OSV = "https://api.osv.dev/v1/query"
OK, VULNERABLE, NOTHING_LOOKED_UP, INCOMPLETE = 0, 1, 2, 3


@dataclass(frozen=True)
class Pin:
    name: str
    version: str


@dataclass
class Verdict:
    pin: Pin
    status: str  # "clean" | "vulnerable" | "not audited"
    message: str
    advisories: list[str] = field(default_factory=list)
    looked_up: bool = True  # False: PyPI did not answer for this package


def parse_pins(text: str) -> list[Pin]:
    """``name==version`` lines (comments and blank lines skipped); anything else is a ValueError naming its line."""
    pins = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        try:
            req = Requirement(line)
        except InvalidRequirement as exc:
            raise ValueError(f"constraints line {number}: {exc}") from None
        specs = list(req.specifier)
        if len(specs) != 1 or specs[0].operator != "==" or "*" in specs[0].version:
            raise ValueError(f"constraints line {number}: {line!r} is not pinned with == to one version")
        pins.append(Pin(req.name, specs[0].version))
    return pins


def _advisory(vuln: dict[str, Any]) -> str:
    fixed = ", ".join(vuln.get("fixed_in") or [])
    return f"{vuln.get('id', '?')} (fixed in {fixed})" if fixed else f"{vuln.get('id', '?')} (no fixed release)"


def _open_advisories(project: dict[str, Any]) -> list[dict[str, Any]]:
    """Advisories not withdrawn, each once (PyPI lists the same one under its PYSEC and GHSA ids)."""
    seen: set[str] = set()
    found = []
    for vuln in project.get("vulnerabilities") or []:
        names = {vuln.get("id", ""), *(vuln.get("aliases") or [])}
        if vuln.get("withdrawn") or vuln.get("id") in seen:
            continue
        seen |= names
        found.append(vuln)
    return found


def _uploaded(project: dict[str, Any], version: str) -> str:
    files = (project.get("releases") or {}).get(version) or []
    return str(files[0].get("upload_time_iso_8601") or files[0].get("upload_time") or "")[:10] if files else ""


def _release_key(project: dict[str, Any], pinned: Version) -> str | None:
    """The project's own spelling of the pinned version (1.0 and 1.0.0 are the same release)."""
    for key in project.get("releases") or {}:
        try:
            if Version(key) == pinned:
                return str(key)
        except InvalidVersion:
            continue
    return None


def judge(pin: Pin, project: dict[str, Any] | None, error: str = "") -> Verdict:
    """What PyPI's project JSON says about one pin (``project`` None: the lookup failed with ``error``)."""
    if project is None:
        return Verdict(pin, "not audited", f"not audited: lookup failed ({error})", looked_up=False)
    latest, pinned = str(project["info"]["version"]), Version(pin.version)
    advisories = _open_advisories(project)
    if Version(latest) == pinned:
        if not advisories:
            return Verdict(pin, "clean", f"audited: {pin.version} is the latest release, no known vulnerability")
        ids = [_advisory(v) for v in advisories]
        return Verdict(pin, "vulnerable", f"VULNERABLE: {pin.version}: {'; '.join(ids)}", ids)
    return Verdict(pin, "not audited", f"not audited (pinned {pin.version}, latest {latest})"
                   + "".join(f"; {note}" for note in _notes(project, pin, latest, advisories)))


def _notes(project: dict[str, Any], pin: Pin, latest: str, advisories: list[dict[str, Any]]) -> Iterable[str]:
    """What the project JSON does tell about a pin it cannot audit."""
    pinned = Version(pin.version)
    key = _release_key(project, pinned)
    if key is None:
        yield f"{pin.version} is not a release of {pin.name} on PyPI"
        return
    if pinned > Version(latest):
        yield f"{pin.version} is newer than the latest release (a pre-release?)"
        return
    files = project["releases"][key]
    if files and all(f.get("yanked") for f in files):
        reason = next((f.get("yanked_reason") for f in files if f.get("yanked_reason")), None)
        yield f"{pin.version} was YANKED" + (f": {reason}" if reason else "")
    if advisories:
        yield (f"the latest release itself has open advisories, which may affect {pin.version} too: "
               + "; ".join(_advisory(v) for v in advisories))
    newer = sum(1 for k in project["releases"] if _is_between(k, pinned, Version(latest)))
    dates = (_uploaded(project, key), _uploaded(project, latest))
    yield f"{newer} newer release{'s' if newer != 1 else ''}" + (
        f" ({pin.version} of {dates[0]}, {latest} of {dates[1]})" if all(dates) else "")


def _is_between(key: str, pinned: Version, latest: Version) -> bool:
    try:
        version = Version(key)
    except InvalidVersion:
        return False
    return pinned < version <= latest and not version.is_prerelease


def summarize(verdicts: list[Verdict]) -> tuple[int, str]:
    """The exit status and the one line that says it."""
    vulnerable = [v for v in verdicts if v.status == "vulnerable"]
    unaudited = [v for v in verdicts if v.status == "not audited"]
    audited = len(verdicts) - len(unaudited)
    counts = f"{len(verdicts)} pinned packages: {audited} audited, {len(vulnerable)} vulnerable, " \
             f"{len(unaudited)} not audited"
    if vulnerable:
        return VULNERABLE, f"make audit: VULNERABLE ({', '.join(v.pin.name for v in vulnerable)}); {counts}"
    if not any(v.looked_up for v in verdicts):
        return NOTHING_LOOKED_UP, f"make audit: PyPI did not answer for any package, nothing was audited; {counts}"
    if unaudited:
        return INCOMPLETE, f"make audit: INCOMPLETE, no known vulnerability in what could be audited; {counts}"
    return OK, f"make audit: no known vulnerabilities; {counts}"


Fetch = Callable[..., dict[str, Any]]  # fetch(url, body=None): the JSON answer, or OSError / ValueError


def fetch_json(url: str, body: dict[str, Any] | None = None, *, timeout: float = 30.0) -> dict[str, Any]:
    if not url.startswith("https://"):
        raise ValueError(f"not an https URL: {url}")
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={  # noqa: S310 - https only, checked above
        "Accept": "application/json", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - https only, checked above
        return dict(json.load(response))


def audit_by_project_json(pins: list[Pin], fetch: Fetch, index: str = PYPI) -> list[Verdict]:
    def one(pin: Pin) -> Verdict:
        try:
            return judge(pin, fetch(f"{index}/{canonicalize_name(pin.name)}/json"))
        except (OSError, ValueError, KeyError) as exc:  # urllib's errors are OSErrors; bad JSON is a ValueError
            return judge(pin, None, str(exc) or exc.__class__.__name__)

    with ThreadPoolExecutor(max_workers=8) as pool:
        return list(pool.map(one, pins))


def pip_audit_service(pins: list[Pin], fetch: Fetch, index: str = PYPI, osv: str = OSV) -> str | None:
    """The vulnerability service pip-audit can use from here: "pypi", "osv" or None."""
    probe = pins[0]
    try:
        fetch(f"{index}/{canonicalize_name(probe.name)}/{probe.version}/json")
        return "pypi"
    except (OSError, ValueError):
        pass
    try:
        fetch(osv, body={"package": {"name": probe.name, "ecosystem": "PyPI"}, "version": probe.version})
        return "osv"
    except (OSError, ValueError):
        return None


def run_pip_audit(service: str, constraints: Path) -> int | None:
    """pip-audit's own verdict (0 or 1), or None when it could not finish (then the fallback runs)."""
    binary = Path(sys.executable).with_name("pip-audit")
    result = subprocess.run([str(binary), "--requirement", str(constraints), "--no-deps", "--disable-pip",  # noqa: S603
                             "--strict", "--progress-spinner", "off", "--vulnerability-service", service],
                            capture_output=True, text=True, check=False)
    print(result.stdout + result.stderr, end="")
    if result.returncode == 0:
        print(f"make audit: no known vulnerabilities (pip-audit, {service})")
        return OK
    if "known vulnerabilit" in result.stdout:
        print(f"make audit: VULNERABLE (pip-audit, {service}; see above)")
        return VULNERABLE
    print(f"pip-audit ({service}) did not finish; falling back to PyPI's project JSON", file=sys.stderr)
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--constraints", type=Path, default=ROOT / "constraints.txt")
    parser.add_argument("--no-pip-audit", action="store_true", help="use PyPI's project JSON even if pip-audit works")
    parser.add_argument("--verbose", action="store_true", help="a line for every package, clean ones too")
    args = parser.parse_args(argv)
    try:
        pins = parse_pins(args.constraints.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"make audit: cannot read the pins: {exc}")
        return NOTHING_LOOKED_UP
    if not pins:
        print(f"make audit: no pinned packages in {args.constraints}")
        return NOTHING_LOOKED_UP
    if not args.no_pip_audit:
        service = pip_audit_service(pins, fetch_json)
        status = run_pip_audit(service, args.constraints) if service else None
        if status is not None:
            return status
        if service is None:
            print("pip-audit's services (PyPI per-release JSON, api.osv.dev) do not answer from here; "
                  "using PyPI's project JSON, which covers latest releases only", file=sys.stderr)
    verdicts = audit_by_project_json(pins, fetch_json)
    for verdict in sorted(verdicts, key=lambda v: (v.status == "clean", v.pin.name.lower())):
        if args.verbose or verdict.status != "clean":
            print(f"{verdict.pin.name}: {verdict.message}")
    status, line = summarize(verdicts)
    print(line)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
