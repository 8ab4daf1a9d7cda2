#!/bin/sh
# Stands in for installing and configuring the web server.
set -eu
echo "web: nginx listening on ${HTTP_PORT:-80}"
