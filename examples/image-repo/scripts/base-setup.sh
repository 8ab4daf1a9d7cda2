#!/bin/sh
# Stands in for the base image's provisioning (packages, hardening, agents).
set -eu
echo "base: configuring the image (files: $(ls "$(dirname "$0")/../files/base" | tr '\n' ' '))"
