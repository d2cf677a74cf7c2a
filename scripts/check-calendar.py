#!/usr/bin/env python3
"""Checks an iCalendar file written by `ltsflow calendar` with an independent parser.

Usage: check-calendar.py FILE [EXPECTED_UID...]
Exits non-zero with a message on the first problem: not CRLF, a line over 75 octets, a split
UTF-8 character, a file icalendar cannot parse, an event without UID/DTSTAMP/DTSTART/DTEND,
a timed event not in UTC, duplicate UIDs, or an expected UID missing.
"""
import sys
import icalendar

path, expected = sys.argv[1], sys.argv[2:]
raw = open(path, "rb").read()
if not raw.endswith(b"\r\n"):
    sys.exit("the file does not end with CRLF")
lines = raw.split(b"\r\n")[:-1]
for number, line in enumerate(lines, 1):
    if b"\n" in line or b"\r" in line:
        sys.exit(f"line {number} has a bare LF or CR")
    if len(line) > 75:
        sys.exit(f"line {number} is {len(line)} octets, over 75")
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        sys.exit(f"line {number} splits a UTF-8 character")
calendar = icalendar.Calendar.from_ical(raw)
uids = []
for event in calendar.walk("VEVENT"):
    for key in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
        if key not in event:
            sys.exit(f"an event lacks {key}: {event.get('SUMMARY')}")
    for key in ("DTSTART", "DTEND"):
        value = event[key].dt
        if hasattr(value, "hour") and (value.tzinfo is None or value.utcoffset().total_seconds() != 0):
            sys.exit(f"{key} of {event['UID']} is not UTC")
    if event["DTEND"].dt <= event["DTSTART"].dt:
        sys.exit(f"event {event['UID']} ends before it starts")
    uids.append(str(event["UID"]))
if len(uids) != len(set(uids)):
    sys.exit("duplicate UIDs")
missing = [uid for uid in expected if uid not in uids]
if missing:
    sys.exit(f"missing events: {missing}")
print(f"ok: {len(uids)} events")
