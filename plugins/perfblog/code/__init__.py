"""Code changes: the ``codediff`` block, before/after code as a diff that keeps its highlighting.

``diff`` aligns the two versions line by line (difflib) and highlights each whole
version with Pygments, so a string or comment spanning lines is coloured as the
language sees it; ``render`` declares the kind.
"""
