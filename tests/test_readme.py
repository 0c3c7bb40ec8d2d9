"""Every example the README gives runs against the seed build (issue 14).

The curl commands of "The JSON API" and "Download the database" go to the
site in-process (Datasette's test client, the same metadata, plugins and
templates as tests/test_site.py); the sqlite3 and sqlite-utils commands run
on a copy of the database; every link to the local site in the README must
answer 200. An example that errors, or that returns nothing on the seeds, is
a broken promise to a reader.
"""

from __future__ import annotations

import re
import shlex
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

import pytest
import yaml
from datasette.app import Datasette

from tests.test_site import DB, ROOT, SETTINGS

README = (ROOT / "README.md").read_text(encoding="utf-8")
LOCAL = "http://127.0.0.1:8001"


def section(title: str) -> str:
    start = README.index(f"\n## {title}\n")
    end = README.find("\n## ", start + 1)
    return README[start : end if end > 0 else None]


def commands(text: str) -> list[str]:
    """Shell commands of the ```bash blocks, continuation lines joined, comments dropped."""
    found = []
    for block in re.findall(r"```bash\n(.*?)```", text, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                found.append(line)
    return found


def curl_request(command: str) -> tuple[str, str | None]:
    """(path with query, jq filter or None) for a curl command of the README."""
    command, _, jq = command.partition(" | jq ")
    words = shlex.split(command, comments=True)
    assert words[0] == "curl", command
    url, data, words = None, [], words[1:]
    while words:
        word = words.pop(0)
        if word in ("-G", "-O", "-s"):
            continue
        if word == "-d":
            data.append(words.pop(0))
        elif word == "--data-urlencode":
            name, _, value = words.pop(0).partition("=")
            data.append(urlencode({name: value}))
        else:
            url = word
    url = url.replace("$BASE", f"{LOCAL}/{DB}").replace(LOCAL, "")
    if data:
        url += ("&" if "?" in url else "?") + "&".join(data)
    return url, shlex.split(jq)[0] if jq else None


CURLS = [
    c for c in commands(section("The JSON API")) + commands(section("Download the database")) if c.startswith("curl ")
]
SHELL = [c for c in commands(section("Download the database")) if c.startswith(("sqlite3 ", "sqlite-utils "))]
LINKS = sorted(set(re.findall(re.escape(LOCAL) + r"(/[^\s)>\"'`]*)", README)))


@pytest.fixture
def ds(seed_db) -> Datasette:
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text(encoding="utf-8"))
    return Datasette(
        files=[],
        immutables=[str(seed_db)],
        metadata=metadata,
        settings=SETTINGS,
        cors=True,
        plugins_dir=str(ROOT / "plugins"),
        template_dir=str(ROOT / "templates"),
        static_mounts=[("assets", str(ROOT / "static"))],
    )


def test_the_readme_has_examples_to_run():
    assert len(CURLS) >= 15 and len(SHELL) >= 5 and len(LINKS) >= 10


@pytest.mark.parametrize("command", CURLS)
async def test_readme_curl_example_answers(ds, command):
    path, jq = curl_request(command)
    response = await ds.client.get(path)
    assert response.status_code == 200, (path, response.text[:300])
    assert response.content, path
    fmt = path.split("?")[0].rsplit(".", 1)[-1]
    if fmt == "json":
        data = response.json()
        if jq:
            for key in jq.strip(".").split("."):
                data = data[key]
        assert data, f"{command} returns nothing on the seeds"
    elif fmt == "csv":
        assert len(response.text.splitlines()) > 1, command
    elif fmt == "atom":
        assert "<entry>" in response.text, command
    elif fmt == "ics":
        assert "BEGIN:VEVENT" in response.text, command
    elif fmt == "db":
        assert response.content[:16] == b"SQLite format 3\x00"
    elif "/-/reconcile" in path:
        answer = response.json()
        assert all(result["result"] for result in answer.values()), answer


@pytest.mark.parametrize("command", SHELL)
def test_readme_database_example_runs(seed_db, tmp_path, command):
    shutil.copy(seed_db, tmp_path / "iraq_security.db")
    words = shlex.split(command, comments=True)
    if words[0] == "sqlite3":  # the sqlite3 shell may be absent: run its SQL through Python's sqlite3
        rows = sqlite3.connect(tmp_path / "iraq_security.db").execute(words[2]).fetchall()
        assert rows, command
        return
    tool = Path(sys.executable).parent / "sqlite-utils"
    result = subprocess.run([str(tool), *words[1:]], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, (command, result.stderr)
    assert result.stdout.strip(), command


@pytest.mark.parametrize("link", LINKS)
async def test_readme_link_to_the_site_answers(ds, link):
    response = await ds.client.get(link.split("#")[0])
    assert response.status_code == 200, (link, response.text[:300])
