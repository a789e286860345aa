#!/usr/bin/env python3
"""Check codings.csv against the transcripts (SPEC section 1 turn rule).

Usage: python3 verify_codings.py [-v]   (-v lists every turn with its hand codes)
Exits 1 on any problem.
"""
import csv, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
SUBS = """valued-by-pt hierarchy excluded-from-ppn valued-by-ahps ahp-opportunities
works-communication works-lead-posts works-leadership-at-top dual-identity-barrier staff-changes
loss-of-lead-posts excluded-from-leadership self-exclusion-leadership evidence-defensive bridge-role
articulating-practice learning-from-others thinking-strategically nhs-transformation
recruitment-crisis better-evidence leadership-development service-user-outcomes""".split()
WORD = r"[A-Z0-9][^\s:]*"
LABEL = re.compile(r"^(?:\[?\d{1,2}:\d{2}(?::\d{2})?\]?\s+)?(" + WORD + r"(?: " + WORD + r"){0,3}):(?:\s|$)")
INTERVIEWERS = {"interviewer", "facilitator", "moderator", "researcher", "i", "q"}


def turns_of(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    start, doc_id, extra = 0, os.path.splitext(os.path.basename(path))[0], set()
    if lines and lines[0].strip() == "---":
        end = lines.index("---", 1)
        for l in lines[1:end]:
            key, _, val = l.partition(":")
            if key.strip() == "id":
                doc_id = val.strip()
            if key.strip() == "interviewer":
                extra = {x.strip().lower() for x in val.strip().strip("[]").split(",")}
        start = end + 1
    turns = []
    for l in lines[start:]:
        m = LABEL.match(l)
        if m and len(m.group(1)) <= 40 and re.search("[A-Za-z]", m.group(1)):
            lab = m.group(1)
            turns.append([lab, lab.lower() in INTERVIEWERS | extra, l[m.end():].strip()])
        elif turns:
            turns[-1][2] += " " + l.strip()
    return doc_id, turns


docs = {}
tdir = os.path.join(HERE, "transcripts")
for f in sorted(os.listdir(tdir)):
    if f.endswith((".txt", ".md")):
        d, t = turns_of(os.path.join(tdir, f))
        docs[d] = t

errors = []
with open(os.path.join(HERE, "codings.csv"), newline="", encoding="utf-8") as fh:
    rows = list(csv.reader(fh))
if rows[0] != ["document", "segment", "theme", "coder"]:
    errors.append("bad header %r" % rows[0])
keys, codes = [], {}
for n, r in enumerate(rows[1:], 2):
    doc, seg, theme, coder = r
    sdoc, _, num = seg.partition("#")
    if sdoc != doc or doc not in docs:
        errors.append("line %d: bad document/segment %s %s" % (n, doc, seg)); continue
    k = int(num)
    if not 1 <= k <= len(docs[doc]):
        errors.append("line %d: %s out of range" % (n, seg)); continue
    if docs[doc][k - 1][1]:
        errors.append("line %d: %s is an interviewer turn" % (n, seg))
    if theme not in SUBS:
        errors.append("line %d: unknown sub-theme %s" % (n, theme))
    if coder != "human":
        errors.append("line %d: coder %s" % (n, coder))
    keys.append((doc, k, theme))
    codes.setdefault((doc, k), []).append(theme)
if keys != sorted(keys):
    errors.append("rows not sorted by document, segment number, theme")
if len(keys) != len(set(keys)):
    errors.append("duplicate rows")

if "-v" in sys.argv:
    for d, ts in docs.items():
        for k, (lab, isint, text) in enumerate(ts, 1):
            print("%s#%-3d %-12s %s %-48s %s" % (d, k, lab, "I" if isint else "P", text[:46], ",".join(codes.get((d, k), []))))
for e in errors:
    print("ERROR", e)
print("%d rows, %d coded turns, %d participant turns" % (
    len(keys), len(codes), sum(1 for ts in docs.values() for t in ts if not t[1])))
sys.exit(1 if errors else 0)
