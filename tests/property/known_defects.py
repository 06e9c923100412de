"""The known-defects lists of the property test (check_leaks.py) and the kill test
(tests/interrupt/kill_outputs.py): a defect the code still has, and the failures it causes,
so that the suite passes until its fix is merged and fails if anything else breaks.

The text format: a line "# DEFECT" names a defect (what is wrong, and where the issue tracker
lists it); each line under it is "CHECK REGEX": a check it fails and a regular expression that
the failure's message matches.
"""
import re


def known_defects(text):
    """[(defect, {check: regex})] from the text."""
    defects = []
    for line in text.strip().splitlines():
        if line.startswith("# "):
            defects.append((line[2:], {}))
        elif line.strip():
            check, regex = line.split(None, 1)
            defects[-1][1][check] = regex.strip()
    return defects


def match(defects, check, message):
    """The index of the defect a failure comes from, or None."""
    for i, (_, checks) in enumerate(defects):
        if check in checks and re.search(checks[check], message):
            return i
    return None
