"""Comparing two versions of a statement: the semantic diff, the redline of the text, the report."""
