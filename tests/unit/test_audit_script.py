"""scripts/audit.py (``make audit``) decides from PyPI's project JSON: recorded answers, no network.

tests/data/audit/*.json are PyPI's answers to ``/pypi/NAME/json`` recorded on 2026-12-02 and trimmed
to the releases these tests use (one file per release, the fields the script reads): aiohttp
(latest 3.14.5, no advisory; 3.12.1 yanked; 4.0.0a1 a yanked pre-release), babel (latest 2.19.0)
and ecdsa (latest 0.19.2, an advisory with no fix, listed under two ids).
"""

from __future__ import annotations

import copy
import importlib.util
import json
import sys
import urllib.error
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "audit"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("todoke_audit_script", ROOT / "scripts" / "audit.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


audit = _load()


def project(name: str) -> dict[str, Any]:
    return dict(json.loads((DATA / f"{name}.json").read_text(encoding="utf-8")))


def verdict(name: str, version: str, data: dict[str, Any] | None = None) -> Any:
    return audit.judge(audit.Pin(name, version), data if data is not None else project(name))


def test_pins_are_read_and_anything_unpinned_is_refused_by_line() -> None:
    pins = audit.parse_pins("# pinned\naiohttp==3.14.5\n\nBabel==2.18.0  # comment\n")
    assert pins == [audit.Pin("aiohttp", "3.14.5"), audit.Pin("Babel", "2.18.0")]
    for text in ("aiohttp>=3.9\n", "x==1.*\n", "aiohttp\n", "a==1,<2\n", "not a requirement!\n"):
        with pytest.raises(ValueError, match="constraints line 1"):
            audit.parse_pins(text)


def test_the_latest_release_without_advisories_is_audited_clean() -> None:
    result = verdict("aiohttp", "3.14.5")
    assert result.status == "clean" and "audited" in result.message


def test_the_latest_release_with_an_open_advisory_is_vulnerable_once_per_advisory() -> None:
    result = verdict("ecdsa", "0.19.2")
    assert result.status == "vulnerable"
    assert result.advisories == ["PYSEC-2026-1325 (no fixed release)"]  # its GHSA alias is the same advisory


def test_a_fixed_release_is_named_and_a_withdrawn_advisory_ignored() -> None:
    data = project("ecdsa")
    data["vulnerabilities"] = copy.deepcopy(data["vulnerabilities"][:1])
    data["vulnerabilities"][0]["fixed_in"] = ["0.19.3"]
    assert verdict("ecdsa", "0.19.2", data).advisories == ["PYSEC-2026-1325 (fixed in 0.19.3)"]
    data["vulnerabilities"][0]["withdrawn"] = "2026-12-01T00:00:00Z"
    assert verdict("ecdsa", "0.19.2", data).status == "clean"


def test_an_older_pin_is_not_audited_and_says_how_far_behind() -> None:
    result = verdict("babel", "2.18.0")
    assert result.status == "not audited"
    assert result.message == ("not audited (pinned 2.18.0, latest 2.19.0); "
                              "1 newer release (2.18.0 of 2026-02-01, 2.19.0 of 2026-11-24)")


def test_an_older_pin_hears_of_the_latest_releases_open_advisories() -> None:
    result = verdict("ecdsa", "0.19.1")
    assert result.status == "not audited"
    assert "open advisories, which may affect 0.19.1 too: PYSEC-2026-1325 (no fixed release)" in result.message


def test_a_yanked_pin_says_so_and_pre_releases_are_not_counted_as_newer() -> None:
    message = verdict("aiohttp", "3.12.1").message
    assert "3.12.1 was YANKED: regression handling requests with None body" in message
    assert "2 newer releases" in message  # 3.12.2 and 3.14.5; 4.0.0a1 is a pre-release
    assert "newer than the latest release" in verdict("aiohttp", "4.0.0a1").message
    assert "not a release of aiohttp" in verdict("aiohttp", "3.99.0").message
    assert verdict("aiohttp", "3.12.0").message.startswith("not audited (pinned 3.12.0, latest 3.14.5)")


def test_a_failed_lookup_is_not_audited() -> None:
    result = audit.judge(audit.Pin("babel", "2.18.0"), None, "HTTP Error 503")
    assert result.status == "not audited" and not result.looked_up and "HTTP Error 503" in result.message


@pytest.mark.parametrize(("cases", "status", "starts"), [
    ([("aiohttp", "3.14.5")], 0, "make audit: no known vulnerabilities"),
    ([("aiohttp", "3.14.5"), ("babel", "2.18.0")], 3, "make audit: INCOMPLETE"),
    ([("ecdsa", "0.19.2"), ("babel", "2.18.0")], 1, "make audit: VULNERABLE (ecdsa)"),
    ([("ecdsa", "0.19.1")], 3, "make audit: INCOMPLETE"),  # suspicious, yet not known to be vulnerable
])
def test_exit_status_and_its_one_line(cases: list[tuple[str, str]], status: int, starts: str) -> None:
    code, line = audit.summarize([verdict(name, version) for name, version in cases])
    assert code == status and line.startswith(starts) and "\n" not in line
    assert f"{len(cases)} pinned packages" in line


def test_nothing_looked_up_is_its_own_status() -> None:
    code, line = audit.summarize([audit.judge(audit.Pin("babel", "2.18.0"), None, "no network")])
    assert code == 2 and "nothing was audited" in line


def recorded(url: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    """Answers like this network's: project JSON only; per-release JSON 404; OSV does not resolve."""
    if url.startswith(audit.PYPI) and url.endswith("/json") and url.count("/") == 5:
        name = url.split("/")[-2]
        if (DATA / f"{name}.json").exists():
            return project(name)
    if url.startswith(audit.PYPI):
        raise urllib.error.HTTPError(url, 404, "Not Found", None, None)  # type: ignore[arg-type]
    raise urllib.error.URLError("Name or service not known")


def test_each_pin_is_looked_up_by_its_project_json() -> None:
    pins = [audit.Pin("aiohttp", "3.14.5"), audit.Pin("Babel", "2.18.0"), audit.Pin("nosuch", "1.0")]
    results = {v.pin.name: v for v in audit.audit_by_project_json(pins, recorded)}
    assert results["aiohttp"].status == "clean" and results["Babel"].status == "not audited"
    assert not results["nosuch"].looked_up and "404" in results["nosuch"].message


def test_pip_audit_is_used_only_where_its_service_answers() -> None:
    pins = [audit.Pin("aiohttp", "3.14.5")]
    assert audit.pip_audit_service(pins, recorded) is None

    def osv_answers(url: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
        return {"vulns": []} if url == audit.OSV else recorded(url, body)

    assert audit.pip_audit_service(pins, osv_answers) == "osv"
    assert audit.pip_audit_service(pins, lambda url, body=None: {"info": {}}) == "pypi"


def test_main_prints_what_was_not_audited_and_exits_with_the_status(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    constraints = tmp_path / "constraints.txt"
    constraints.write_text("aiohttp==3.14.5\nbabel==2.18.0\n", encoding="utf-8")
    monkeypatch.setattr(audit, "fetch_json", recorded)
    assert audit.main(["--constraints", str(constraints)]) == 3
    out, err = capsys.readouterr()
    assert out.splitlines()[0].startswith("babel: not audited (pinned 2.18.0, latest 2.19.0)")
    assert out.splitlines()[-1].startswith("make audit: INCOMPLETE") and "aiohttp" not in out
    assert "do not answer from here" in err
    constraints.write_text("aiohttp>=3\n", encoding="utf-8")
    assert audit.main(["--constraints", str(constraints)]) == 2
