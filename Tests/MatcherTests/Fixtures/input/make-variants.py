#!/usr/bin/env python3
"""Writes errors/ and warnings/: copies of one valid/ file, each with one defect.
Run from this folder; the tests read the files, not this script."""
import re

def read(name):
    return open(f"valid/{name}", encoding="utf-8").read()

def sub_line(text, key, old, new):
    lines = text.split("\n")
    for i, l in enumerate(lines):
        if l.startswith(key + ","):
            assert old in l, (key, old, l)
            lines[i] = l.replace(old, new, 1)
            return "\n".join(lines)
    raise KeyError(key)

def write(folder, name, text):
    open(f"{folder}/{name}", "w", encoding="utf-8").write(text)

c, n, u, p, m, y = (read(f) for f in ["communities.csv", "needs.csv", "units.csv", "projects.csv", "members.csv", "scenario.yaml"])

E = "errors"
write(E, "missing-file.scenario.yaml", y.replace("members: members.csv", "members: nowhere.csv"))
write(E, "missing-column.needs.csv", "\n".join(",".join(l.split(",")[:-1]) for l in n.strip().split("\n")) + "\n")
write(E, "households-not-number.needs.csv", sub_line(n, "N03", ",20,", ",many,"))
write(E, "bad-date.projects.csv", sub_line(p, "P04", "2027-02-20", "2027-02-30"))
write(E, "bad-coordinate.communities.csv", sub_line(c, "C02", "39.9200", "39.92x"))
write(E, "lat-outside.members.csv", sub_line(m, "M05", "39.9200", "91.9200"))
write(E, "lon-outside.units.csv", sub_line(u, "U02", "116.4000", "216.4000"))
write(E, "urgency-outside.needs.csv", sub_line(n, "N05", ",60,1", ",60,6"))
write(E, "households-zero.needs.csv", sub_line(n, "N01", ",40,4", ",0,4"))
write(E, "sessions-zero.projects.csv", sub_line(p, "P03", ",N04,2,", ",N04,0,"))
write(E, "volunteers-min-over-max.projects.csv", sub_line(p, "P02", ",pm,2,3,", ",pm,5,3,"))
write(E, "funds-negative.units.csv", sub_line(u, "U01", ",5000,", ",-100,"))
write(E, "cost-negative.projects.csv", sub_line(p, "P01", ",1000,", ",-5,"))
write(E, "hours-negative.projects.csv", sub_line(p, "P02", ",3,2000,", ",-1,2000,"))
write(E, "min-projects-over-max.units.csv", sub_line(u, "U03", ",0,0,1,", ",0,2,1,"))
write(E, "duplicate-id.members.csv", sub_line(m, "M07", "M07,", "M03,"))
write(E, "unknown-community.needs.csv", sub_line(n, "N04", ",C02,", ",C09,"))
write(E, "unknown-community.projects.csv", sub_line(p, "P04", ",C03,", ",c03,"))
write(E, "unknown-need.projects.csv", sub_line(p, "P01", "N01;N03", "N01;N33"))
write(E, "unknown-paired.units.csv", sub_line(u, "U03", "C02;C03", "C02;C04"))
write(E, "unknown-unit.members.csv", sub_line(m, "M10", ",U03,", ",U09,"))
write(E, "unknown-community.members.csv", sub_line(m, "M01", ",C01,", ",C00,"))
write(E, "unknown-slot.projects.csv", sub_line(p, "P03", ",eve,", ",night,"))
write(E, "bad-availability.members.csv", sub_line(m, "M06", ",weekend,", ",weekend;saturday,"))
write(E, "skill-count.projects.csv", sub_line(p, "P02", "Medical:1", "Medical:0"))
write(E, "multiline-record.needs.csv", sub_line(sub_line(n, "N02", ",义诊,30,3", ',"义诊\n(每月一次)",30,7'), "N03", ",20,5", ",20,8"))
open(f"{E}/undecodable.members.csv", "wb").write(sub_line(m, "M09", "周杰", "@@").encode("utf-8").replace(b"@@", b"\xff\xfe"))
write(E, "unknown-key.scenario.yaml", y.replace("  max_distance_km: 2.0", "  max_distance: 2.0"))
write(E, "wrong-type.scenario.yaml", y.replace("  street_budget: 3000", "  street_budget: 3000\n  max_sessions_per_member: four"))
write(E, "negative-limit.scenario.yaml", y.replace("  max_distance_km: 2.0", "  max_distance_km: -1"))
write(E, "missing-name.scenario.yaml", re.sub(r"^name:.*\n", "", y, flags=re.M))
write(E, "missing-quarter.scenario.yaml", y.replace("quarter: 2027Q1\n", ""))
write(E, "missing-data.scenario.yaml", re.sub(r"^data:\n(  .*\n)+", "", y, flags=re.M))

W = "warnings"
write(W, "need-unlisted.needs.csv", n + "N06,C03,elderly,助浴,10,3\n")
write(W, "few-dates.projects.csv", sub_line(p, "P04", ",N05,1,", ",N05,3,"))
write(W, "no-lead-unit.projects.csv", sub_line(p, "P04", ",environment,", ",culture,"))
write(W, "unstaffable-skill.projects.csv", sub_line(p, "P02", "Medical:1", "Medical:3"))
write(W, "unstaffable-min.projects.csv", sub_line(p, "P01", ",am,2,4,", ",am,9,10,"))
write(W, "unreachable.members.csv", m + "M13,钱进,U03,C03,39.9900,116.5000,,any,\n")
