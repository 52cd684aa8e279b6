"""Prints every class and function definition Python's own ast finds, as TSV: path, qualname, line.

Qualnames follow __qualname__ (nested functions add "<locals>"), the convention defs_v1 uses.
Usage: python3 ast_defs.py ROOT  (files that ast cannot parse are listed on stderr as "SKIP path").
"""
import ast
import os
import sys


def walk(node, prefix, path, out):
    for child in ast.iter_child_nodes(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            qual = prefix + child.name
            out.append((path, qual, child.lineno))
            inner = qual + (".<locals>." if not isinstance(child, ast.ClassDef) else ".")
            walk(child, inner, path, out)
        else:
            walk(child, prefix, path, out)


def main(root):
    out = []
    for directory, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith(".py"):
                continue
            full = os.path.join(directory, name)
            rel = os.path.relpath(full, root)
            try:
                with open(full, "rb") as f:
                    tree = ast.parse(f.read(), filename=rel)
            except (SyntaxError, ValueError) as e:
                print("SKIP " + rel, file=sys.stderr)
                continue
            walk(tree, "", rel, out)
    for path, qual, line in out:
        print(f"{path}\t{qual}\t{line}")


if __name__ == "__main__":
    main(sys.argv[1])
