#!/bin/sh
# Installs what motiflift needs on Debian 12 (idempotent, non-interactive), then
# configures and builds it. Pass configure options as arguments.
set -eu
cd "$(dirname "$0")/.."

PKGS="build-essential autoconf automake libtool pkg-config
libhts-dev libgsl-dev check libhdf5-dev libjansson-dev zlib1g-dev libbigwig-dev
libopenblas-dev python3 python3-numpy python3-h5py python3-matplotlib snakemake
python3-pybigwig libigraph-dev
clang libclang-rt-14-dev"
# ONNX models (issue 14): protobuf-c, and python3-onnx for the onnx.proto schema the build
# compiles; python3-torch only makes the ONNX test fixtures (those tests skip without it)
PKGS="$PKGS libprotobuf-c-dev protobuf-c-compiler python3-onnx python3-torch"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	SUDO=""
	[ "$(id -u)" = 0 ] || SUDO="sudo"
	echo "setup: installing$missing"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

autoreconf -fi
./configure "$@"
make -j"$(nproc)"
