#!/usr/bin/env bash
B=${B:-build}; SHARED=${SHARED:-../shared}; export B SHARED
exec python3 "$(dirname "$0")/vbt-corpus.py"
