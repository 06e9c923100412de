#!/usr/bin/env python3
"""The review's acceptance, end to end from the command line, on generated leaks
(tests/review/make_review_leak.py) with planted false positives, near misses and a possible
duplicate person: reject by id and by rule, confirm a near miss and a duplicate, ingest the
same evidence again in another shape, and check that the decisions hold, that the figures and
the score move as they should, that every decision is in the audit log and that it verifies.

usage: check_review.py BREACHKIT [--seeds N]   (seeds 0..N-1; default 4)
Exit 0 when every seed passes; the failures are printed, with the seed.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
HEALTH = "Données de santé"
EXPECTED = {  # kind → (category, tier, validation)
    "true-health": ("health", "unsure", "review"),
    "false-health": ("health", "unsure", "review"),
    "near-iban": ("iban", "near-miss", "near-miss:rib-key"),
    "near-card": ("payment_card", "near-miss", "near-miss:luhn"),
}


class Failed(Exception):
    pass


def check(cond, what):
    if not cond:
        raise Failed(what)


def run_seed(binary, seed, work):
    out = os.path.join(work, str(seed))
    subprocess.run([sys.executable, os.path.join(HERE, "make_review_leak.py"), str(seed), out],
                   check=True)
    with open(os.path.join(out, "truth.json"), encoding="utf-8") as f:
        truth = json.load(f)
    db = os.path.join(out, "i.db")

    def bk(*args, code=0):
        r = subprocess.run([binary, "--db", db] + list(args), capture_output=True, text=True)
        check(r.returncode == code, "%s: exit %d, not %d: %s" % (" ".join(args), r.returncode,
                                                                  code, r.stderr.strip()))
        return r.stdout

    def js(*args):
        return json.loads(bk(*args))

    def lines(*args):
        return [json.loads(l) for l in bk(*args).splitlines() if l.strip()]

    bk("init", "--org", os.path.join(ROOT, "schemas/examples/organisation.xml"))
    bk("ingest", os.path.join(out, "leak"))
    before = js("summary", "--json")
    assess_before = js("assess", "--json")

    # Each planted sentence is one item, in its tier, found by its code word.
    items = lines("review", "--json")
    by_code = {}
    for code, kind in truth["items"].items():
        mine = [i for i in items if i.get("context", "").find("dossier " + code) >= 0 and
                i["category"] == EXPECTED[kind][0]]
        check(len(mine) == 1, "%s (%s): %d items, not 1" % (code, kind, len(mine)))
        it = mine[0]
        check((it["category"], it["tier"], it["validation"]) == EXPECTED[kind],
              "%s (%s): %s/%s/%s" % (code, kind, it["category"], it["tier"], it["validation"]))
        check(it["counted"] == (EXPECTED[kind][1] == "unsure"), "%s: counted?" % code)
        by_code[code] = it["id"]
    dups = [i for i in items if i["category"] == "person-merge" and i["tier"] == "near-miss"]
    check(len(dups) == 1 and dups[0]["name"] == truth["duplicate"]["name"],
          "the possible duplicate: %s" % dups)
    kinds = list(truth["items"].values())
    n = {k: kinds.count(k) for k in EXPECTED}
    review = before["review"]
    check(review.get("iban", {}).get("counted", 0) == 0, "a near-miss IBAN counted")
    check(review.get("payment_card", {}).get("counted", 0) == 0, "a near-miss card counted")
    check(before["categories"][HEALTH]["awaiting_review"], "health not marked à confirmer")
    check(before["categories"][HEALTH]["records"] == n["true-health"] + n["false-health"],
          "health records before: %s" % before["categories"][HEALTH])

    # The decisions: false positives rejected by id, near-miss cards by rule, the IBAN near
    # misses, the true health statements and the duplicate confirmed by id.
    def ids(kind):
        return [by_code[c] for c, k in truth["items"].items() if k == kind]
    bk("review", "reject", *ids("false-health"), "--why", "a machine, not a person")
    bk("review", "reject", "--rule", "near-miss:luhn", "--why", "test numbers, not cards")
    bk("review", "accept", *ids("near-iban"), "--why", "the candidates' RIB, key mistyped")
    bk("review", "accept", *ids("true-health"), "--why", "written by the candidates themselves")
    bk("review", "accept", dups[0]["id"], "--why", "the same candidate, two mailboxes")

    after = js("summary", "--json")
    check(after["persons_affected"] == before["persons_affected"] - 1,
          "persons: %d then %d" % (before["persons_affected"], after["persons_affected"]))
    health = after["categories"][HEALTH]
    check(health["records"] == n["true-health"] and not health["awaiting_review"],
          "health after: %s" % health)
    r = after["review"]
    check(r["health"]["rejected"] == n["false-health"], "health rejected: %s" % r["health"])
    check(r["iban"]["counted"] == n["near-iban"] and r["iban"]["confirmed"] == n["near-iban"],
          "iban: %s" % r["iban"])
    check(r["payment_card"]["counted"] == 0 and r["payment_card"]["rejected"] == n["near-card"],
          "payment_card: %s" % r["payment_card"])
    pending = [i for i in lines("review", "--json") if i["category"] != "person-merge"]
    check(not pending, "still pending: %s" % pending)

    # The same evidence again, in the other shape: nothing moves, nothing is pending again.
    bk("ingest", os.path.join(out, "again"))
    again = js("summary", "--json")
    for key in ("persons_affected", "records", "categories", "review"):
        check(again[key] == after[key], "%s after ingesting again: %s, not %s" %
              (key, again[key], after[key]))
    check(not [i for i in lines("review", "--json") if i["tier"] != "merged"],
          "pending after ingesting again")

    # A rule rejecting health: the statements confirmed one by one keep their decision.
    assess_mid = js("assess", "--json")
    check(assess_mid["se"] == assess_before["se"], "SE moved by confirming: %s → %s" %
          (assess_before["se"], assess_mid["se"]))
    bk("review", "reject", "--rule", "health", "--why", "re-read: nothing to notify")
    check(js("summary", "--json")["categories"][HEALTH]["records"] == n["true-health"],
          "a rule overrode decisions of their own")
    # Those rejected too, by id: the category leaves and the score falls.
    bk("review", "reject", *ids("true-health"), "--why", "re-read: a quotation, not theirs")
    last = js("summary", "--json")
    check(HEALTH not in last["categories"], "health still counted")
    assess_last = js("assess", "--json")
    check(assess_last["se"] < assess_mid["se"], "SE did not fall: %s → %s" %
          (assess_mid["se"], assess_last["se"]))

    # Every decision in the audit log, which verifies.
    audit = bk("audit", "show")
    for code, item in by_code.items():
        if truth["items"][code] != "near-card":
            check(item in audit, "%s (%s) not in the audit log" % (item, code))
    for rule in ("rule near-miss:luhn", "rule health", "merge " + dups[0]["id"]):
        check(rule in audit, "%s not in the audit log" % rule)
    bk("audit", "verify")
    return ("seed %d: %d candidates, %d items (%s), a duplicate; persons %d → %d, SE %s → %s"
            % (seed, truth["candidates"], len(by_code),
               ", ".join("%d %s" % (v, k) for k, v in sorted(n.items())),
               before["persons_affected"], after["persons_affected"], assess_mid["se"],
               assess_last["se"]))


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    binary = os.path.abspath(argv[1])
    seeds = int(argv[argv.index("--seeds") + 1]) if "--seeds" in argv else 4
    failures = 0
    with tempfile.TemporaryDirectory() as work:
        for seed in range(seeds):
            try:
                print(run_seed(binary, seed, work))
            except Failed as e:
                failures += 1
                print("seed %d: FAILED: %s" % (seed, e))
    print("%d of %d seeds pass" % (seeds - failures, seeds))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
