#!/usr/bin/env python3
"""The floor for `deals import`: creates N files of SIZE bytes in DIR the way an atomic
writer does (temporary file, write, close, rename), without parsing or encoding anything.

usage: create_files.py N DIR [SIZE]
"""
import os
import sys

n, d = int(sys.argv[1]), sys.argv[2]
data = b"x" * (int(sys.argv[3]) if len(sys.argv) > 3 else 400)
fd = os.open(d, os.O_RDONLY | os.O_DIRECTORY)
for i in range(n):
    tmp, name = f".tmp-{i}", f"file-{i:06d}.yaml"
    f = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600, dir_fd=fd)
    os.write(f, data)
    os.close(f)
    os.rename(tmp, name, src_dir_fd=fd, dst_dir_fd=fd)
os.syncfs(fd) if hasattr(os, "syncfs") else os.sync()
