"""The GDPR Art. 13/14 check: rules over a statement, readability, findings and their reports."""
