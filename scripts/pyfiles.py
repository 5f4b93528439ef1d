"""Helpers shared by the comparison scripts."""
import os


def python_files(root):
    """Every .py file under `root`, in a stable order (symlinks to missing files left out)."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            if name.endswith(".py") and os.path.isfile(path):
                out.append(path)
    return out
