#!/usr/bin/env bash
B=${B:-build}; TESTDATA=${TESTDATA:-$PWD/tests/data}; export B TESTDATA
exec python3 "$(dirname "$0")/vbt-corpus.py"
