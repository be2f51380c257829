"""The REST API over the samples corpus: endpoints, pagination, the one error shape (issue 10)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from presslens.store.corpus import Corpus

pytestmark = [pytest.mark.issue(10), pytest.mark.slow]  # the samples go through the whole pipeline

ERROR_KEYS = {"ok", "error", "code", "status"}


def _error(response: Any, status: int, code: str) -> dict[str, Any]:
    """The one error shape, pinned: exactly these four keys, JSON, the status repeated."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["ok"] is False and body["status"] == status and body["code"] == code
    assert isinstance(body["error"], str) and body["error"]
    return body


def test_stats_count_the_samples(client: Any, samples_db: Path) -> None:
    body = client.get("/api/stats").json()
    with Corpus(samples_db, read_only=True) as corpus:
        expected = corpus.stats().to_dict()
    assert body == {"ok": True, **expected}
    assert body["articles"] == 6 and body["quotes"] > 0


def test_quotes_follow_the_store_filters(client: Any, samples_db: Path) -> None:
    body = client.get("/api/quotes", params={"limit": 500}).json()
    with Corpus(samples_db, read_only=True) as corpus:
        assert [q["id"] for q in body["items"]] == [q.id for q in corpus.quotes(limit=500)]
        everything = client.get("/api/quotes", params={"limit": 500, "everything": "true"}).json()
        assert len(everything["items"]) == len(corpus.quotes(everything=True, limit=500))
        top = corpus.speakers(top=1)[0]
    by_speaker = client.get("/api/quotes", params={"speaker": top.name}).json()["items"]
    assert by_speaker and {q["speaker"] for q in by_speaker} == {top.name}
    direct = client.get("/api/quotes", params={"kind": "direct", "everything": "true"}).json()["items"]
    assert direct and {q["kind"] for q in direct} == {"direct"}


def test_pagination_says_how_to_get_the_next_page(client: Any, samples_db: Path) -> None:
    seen: list[int] = []
    url: str | None = "/api/quotes?limit=4&everything=true"
    pages = 0
    while url is not None:
        body = client.get(url).json()
        seen += [q["id"] for q in body["items"]]
        assert len(body["items"]) <= 4
        url = body["next"]
        pages += 1
    everything = client.get("/api/quotes", params={"limit": 500, "everything": "true"}).json()["items"]
    assert seen == [q["id"] for q in everything]
    with Corpus(samples_db, read_only=True) as corpus:  # a page is picked apart from the rows; unpaged, in one query
        assert seen == [q.id for q in corpus.quotes(everything=True, limit=None)]
    assert pages == len(everything) // 4 + 1
    second = client.get("/api/quotes?limit=4&everything=true&offset=4").json()
    assert second["previous"] == "/api/quotes?limit=4&everything=true"


def test_articles_list_and_one_article(client: Any) -> None:
    listed = client.get("/api/articles").json()
    assert len(listed["items"]) == client.get("/api/stats").json()["articles"] == 6 and listed["next"] is None
    first = listed["items"][0]
    article = client.get(f"/api/articles/{first['id']}").json()
    assert article["ok"] is True and article["article"]["id"] == first["id"]
    text = article["article"]["text"]
    for quote in article["quotes"]:
        assert text[quote["start"] : quote["end"]] == quote["text"]
        assert isinstance(quote["id"], int)
    prefix = client.get(f"/api/articles/{first['id'][:8]}").json()
    assert prefix["article"]["id"] == first["id"]



def test_article_filters_are_the_stores(client: Any, samples_db: Path) -> None:
    with Corpus(samples_db, read_only=True) as corpus:
        for params in ({"since": "2031-06"}, {"until": "2031-05-01"}, {"language": "en"}, {"limit": 2, "offset": 1}):
            listed = client.get("/api/articles", params=params).json()["items"]
            assert [a["id"] for a in listed] == [a.id for a in corpus.articles(**params)], params


def test_speakers_and_one_speaker(client: Any) -> None:
    top = client.get("/api/speakers", params={"limit": 3}).json()
    assert len(top["items"]) == 3 and top["next"] == "/api/speakers?limit=3&offset=3"
    speaker = top["items"][0]
    body = client.get(f"/api/speakers/{speaker['id']}").json()
    detail = body["speaker"]
    assert detail["name"] == speaker["name"] and detail["quotes"] == speaker["quotes"]
    mine = client.get("/api/quotes", params={"speaker_id": speaker["id"], "limit": 500}).json()["items"]
    assert len(mine) == detail["quotes"]
    dated = [q["published"][:7] for q in mine if q["published"]]
    assert [(m["month"], m["quotes"]) for m in detail["quotes_by_month"]] == sorted(
        (month, dated.count(month)) for month in set(dated)
    )
    assert {q["speaker_id"] for q in body["quotes"]["items"]} == {speaker["id"]}
    assert all(other["id"] != speaker["id"] for other in detail["co_quoted"])


def test_search_finds_articles_and_quotes_with_snippets(client: Any) -> None:
    body = client.get("/api/search", params={"q": "bridge"}).json()
    kinds = {hit["kind"] for hit in body["items"]}
    assert "article" in kinds
    assert all("[" in hit["snippet"] for hit in body["items"])


def test_every_error_has_the_one_shape(client: Any) -> None:
    _error(client.get("/api/articles/ffffffffffff"), 404, "article-not-found")
    _error(client.get("/api/speakers/999999"), 404, "speaker-not-found")
    _error(client.get("/api/no-such-thing"), 404, "not-found")
    _error(client.post("/api/stats"), 405, "method-not-allowed")
    _error(client.get("/api/search", params={"q": '"unbalanced'}), 400, "bad-query")
    _error(client.get("/api/search", params={"q": "a AND"}), 400, "bad-query")
    _error(client.get("/api/search"), 422, "bad-parameter")
    body = _error(client.get("/api/quotes", params={"since": "yesterday"}), 422, "bad-parameter")
    assert "since" in body["error"] and "2024-05-31" in body["error"]
    _error(client.get("/api/quotes", params={"limit": "-1"}), 422, "bad-parameter")
    _error(client.get("/api/quotes", params={"min_confidence": "2"}), 422, "bad-parameter")
    _error(client.get("/api/quotes", params={"kind": "shouted"}), 422, "bad-parameter")
    _error(client.get("/api/speakers/not-a-number"), 422, "bad-parameter")
    _error(client.get("/api/articles/abc"), 422, "bad-parameter")
    _error(client.get("/api/speakers/99999999999999999999999"), 422, "bad-parameter")


def test_a_query_only_the_store_can_judge_is_a_400_from_the_store(client: Any) -> None:
    # blank passes the parameter's type check; the store refuses it with its own code
    body = _error(client.get("/api/search", params={"q": "   "}), 400, "bad-query")
    assert "empty" in body["error"]


def test_pages_have_json_twins(client: Any) -> None:
    for page, twin in [("/", "/api/stats"), ("/quotes", "/api/quotes"), ("/speakers", "/api/speakers"), ("/articles", "/api/articles")]:
        html = client.get(page).text
        assert f'type="application/json" href="{twin}"' in html
        assert client.get(twin).status_code == 200
    first = client.get("/api/articles").json()["items"][0]["id"]
    assert f'href="/api/articles/{first}"' in client.get(f"/articles/{first}").text


def test_html_errors_are_pages_with_the_same_fields(client: Any) -> None:
    response = client.get("/articles/ffffffffffff")
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert "article-not-found" in response.text


def test_only_the_static_folder_is_served(client: Any) -> None:
    assert client.get("/static/presslens.css").status_code == 200
    for path in ("/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py", "/static/%2e%2e%2f%2e%2e%2fpyproject.toml", "/static//etc/passwd", "/static-offline-docs/..%2fcore.py", "/static-offline-docs/%2e%2e/core.py"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "def create_app" not in response.text and "root:" not in response.text


def test_the_server_cannot_write_the_corpus(client: Any) -> None:
    corpus = client.app.state.readers.acquire()
    with pytest.raises(Exception, match="readonly"):
        corpus.connection.execute("DELETE FROM quotes")


def test_openapi_documents_the_api_and_the_error_shape(client: Any) -> None:
    schema = client.get("/openapi.json").json()
    paths = set(schema["paths"])
    assert {"/api/articles", "/api/articles/{article_id}", "/api/quotes", "/api/speakers", "/api/speakers/{speaker_id}", "/api/search", "/api/stats"} <= paths
    assert not any(not path.startswith("/api/") for path in paths)
    assert set(schema["components"]["schemas"]["ErrorBody"]["properties"]) == ERROR_KEYS
    quote_params = {p["name"] for p in schema["paths"]["/api/quotes"]["get"]["parameters"]}
    assert {"speaker", "about", "site", "since", "until", "kind", "act", "language", "page_class", "min_confidence", "everything", "limit", "offset"} <= quote_params
    assert client.get("/docs").status_code == 200


def test_the_api_docs_load_their_scripts_from_this_server(client: Any) -> None:
    import re

    path = "/docs"
    page = client.get(path)
    assert page.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert any(asset.endswith(".js") for asset in assets), assets
    for asset in assets:
        assert asset.startswith("/"), f"{path} loads {asset} from elsewhere"  # no CDN
        assert client.get(asset).status_code == 200, asset
    assert "https://" not in page.text and "http://" not in page.text
    assert client.get("/redoc").status_code == 404  # ReDoc would fetch its logo from a CDN


def test_a_bad_search_on_the_page_says_why_beside_the_box(client: Any) -> None:
    response = client.get("/search", params={"q": '"unbalanced'})
    assert response.status_code == 400 and 'role="alert"' in response.text
    assert 'value="&#34;unbalanced"' in response.text  # the query stays in the box, escaped


def test_paths_climbing_out_of_static_are_refused_on_the_wire(live_samples: Any) -> None:
    import http.client
    from urllib.parse import urlsplit

    host = urlsplit(live_samples.url)
    for path in ("/static/../app.py", "/static/../../../pyproject.toml", "/static/..%2f..%2fREADME.md", "/static/%2e%2e/pages.py"):
        conn = http.client.HTTPConnection(host.hostname or "127.0.0.1", host.port, timeout=10)
        conn.request("GET", path)  # sent as written: no client-side normalisation of ".."
        response = conn.getresponse()
        body = response.read().decode("utf-8", "replace")
        conn.close()
        assert response.status in (400, 404), (path, response.status)
        assert "def " not in body and "[project]" not in body and "# presslens" not in body, path


def test_serve_with_several_workers_answers_and_stops(samples_db: Path) -> None:
    """``serve --workers 2``: each worker process builds the app from PRESSLENS_DB."""
    import signal
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "presslens", "serve", "--db", str(samples_db), "--port", str(port), "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        answers = []
        for _ in range(300):  # up to a minute for the workers to start
            try:
                answers = [httpx.get(f"http://127.0.0.1:{port}/api/stats", timeout=10) for _ in range(4)]
                break
            except httpx.TransportError:
                if server.poll() is not None:
                    break
                time.sleep(0.2)
        assert answers, f"no answer; the server's exit status: {server.poll()}"
        with Corpus(samples_db, read_only=True) as corpus:
            expected = {"ok": True, **corpus.stats().to_dict()}
        assert all(a.status_code == 200 and a.json() == expected for a in answers)
    finally:
        server.send_signal(signal.SIGINT)  # Ctrl-C
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
            pytest.fail("serve --workers did not stop on Ctrl-C")
