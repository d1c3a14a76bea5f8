#!/usr/bin/env bash
B=${B:-build}; export B
exec python3 "$(dirname "$0")/gop-image.py"
