#!/usr/bin/env python3
"""Writes Tests/LTSFlowEngineTests/Fixtures/scheduling.json: the expected answers of the
scheduling module, computed independently of the Swift code.

Only the Python standard library (`zoneinfo`, `datetime`) and `dateutil` are used; nothing here
reads or runs the Swift sources. The rules encoded are the product decisions of docs/domain.md
("Maintenance windows", "Hotfixes", "Notices"):

- regions: eu = Europe/Paris, us = America/New_York, jp = Asia/Tokyo; standard window 00:00-02:00;
- a window on date D starts at its local start time on D and ends at its local end time on D, or
  on D+1 when the end is at or before the start (it crosses midnight);
- every conversion row says whether its local time happens once, never (a gap, with the jump)
  or twice (a fold, with the second instant), which `set` uses to refuse such input;
- local times resolve like zoneinfo with fold=0 (first occurrence when ambiguous, offset in force
  before the jump when nonexistent): that is plain `datetime(..., tzinfo=ZoneInfo(zone))`;
- hotfixes: pre-prod on the first Friday, prod on the second Friday of the month in the region's
  calendar, in the region's standard window on that Friday; notice 7 calendar days earlier;
- a customer window is flagged with a hotfix kind when its UTC interval overlaps that kind's
  hotfix window of its region (half-open intervals).

Usage: python3 scripts/make-scheduling-fixtures.py  (from the repository root; rewrites the file)
"""

import json
import sys
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo, available_timezones

from dateutil.relativedelta import FR, relativedelta
from dateutil.rrule import MONTHLY, rrule

OUTPUT = Path(__file__).resolve().parent.parent / "Tests/LTSFlowEngineTests/Fixtures/scheduling.json"

REGIONS = {"eu": "Europe/Paris", "us": "America/New_York", "jp": "Asia/Tokyo"}
STANDARD_WINDOW = "00:00-02:00"
UTC = timezone.utc


# MARK: Formatting


def utc_text(instant):
    """RFC 3339 UTC with seconds: 2026-11-01T04:00:00Z."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def offset_text(seconds):
    """+01:00, -04:00, +13:45; seconds only when the offset has some (+00:09:21)."""
    sign = "-" if seconds < 0 else "+"
    seconds = abs(seconds)
    text = f"{sign}{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"
    if seconds % 60:
        text += f":{seconds % 60:02d}"
    return text


def reading(instant, zone_id):
    """What a wall clock in the zone shows at the instant: local text with offset, and a label.

    The label is the zone's own abbreviation for the three region zones (CET/CEST, EST/EDT, JST)
    and the UTC offset for every other zone.
    """
    local = instant.astimezone(ZoneInfo(zone_id))
    offset = int(local.utcoffset().total_seconds())
    label = local.tzname() if zone_id in REGIONS.values() else offset_text(offset)
    return {
        "local": local.strftime("%Y-%m-%dT%H:%M") + offset_text(offset),
        "offset": offset,
        "label": label,
    }


# MARK: Rules


def resolve(day, hhmm, zone_id):
    """fold=0 resolution of a local date and HH:MM in a zone, as an aware UTC datetime."""
    hour, minute = (int(part) for part in hhmm.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(zone_id)).astimezone(UTC)


def classify(wall, zone_id, changes):
    """How often the wall-clock time happens in the zone: once, never (the spring-forward gap:
    the clocks jump from `gapFrom` to `gapTo`), or twice (the autumn fold: first at the fold=0
    instant, then at `secondUTC`, fold=1). User input in a gap or a fold is refused."""
    zone = ZoneInfo(zone_id)
    first = wall.replace(tzinfo=zone, fold=0)
    second = wall.replace(tzinfo=zone, fold=1)
    if first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall:
        for instant, before, after in changes:
            naive = instant.replace(tzinfo=None)
            if naive + timedelta(seconds=before) <= wall < naive + timedelta(seconds=after):
                return {"kind": "gap", "gapFrom": (naive + timedelta(seconds=before)).strftime("%H:%M"),
                        "gapTo": (naive + timedelta(seconds=after)).strftime("%H:%M")}
        raise AssertionError(f"no transition found for the gap time {wall} in {zone_id}")
    if first.utcoffset() != second.utcoffset():
        return {"kind": "fold", "secondUTC": utc_text(second.astimezone(UTC))}
    return {"kind": "once"}


def window_bounds(day, spec, zone_id):
    start_text, end_text = spec.split("-")
    end_day = day if end_text > start_text else day + timedelta(days=1)
    return resolve(day, start_text, zone_id), resolve(end_day, end_text, zone_id)


def hotfix_month(region, year, month):
    first_day = date(year, month, 1)
    preprod = first_day + relativedelta(day=1, weekday=FR(+1))
    prod = first_day + relativedelta(day=1, weekday=FR(+2))
    # Cross-check with rrule: the first and second Fridays of the month.
    fridays = list(rrule(MONTHLY, count=2, byweekday=FR, bysetpos=(1, 2), dtstart=first_day))
    assert [preprod, prod] == [d.date() for d in fridays], (region, year, month)
    zone_id = REGIONS[region]
    return {
        "region": region,
        "month": f"{year:04d}-{month:02d}",
        "preprod": preprod,
        "prod": prod,
        "preprodNotice": preprod - relativedelta(days=7),
        "prodNotice": prod - relativedelta(days=7),
        "preprodWindow": window_bounds(preprod, STANDARD_WINDOW, zone_id),
        "prodWindow": window_bounds(prod, STANDARD_WINDOW, zone_id),
    }


def hotfix_flag(region, day, start, end):
    """The hotfix kind whose window of the region overlaps [start, end), if any."""
    months = {(d.year, d.month) for d in (day - timedelta(days=2), day, day + timedelta(days=2))}
    for year, month in sorted(months):
        hotfix = hotfix_month(region, year, month)
        for kind in ("preprod", "prod"):
            hot_start, hot_end = hotfix[kind + "Window"]
            if start < hot_end and hot_start < end:
                return kind
    return None


# MARK: Rows


def window_row(case, region, zone_id, spec, day):
    start, end = window_bounds(day, spec, zone_id)
    start_reading, end_reading = reading(start, zone_id), reading(end, zone_id)
    return {
        "case": case,
        "region": region,
        "timeZone": zone_id,
        "window": spec,
        "date": day.isoformat(),
        "startUTC": utc_text(start),
        "endUTC": utc_text(end),
        "startLocal": start_reading["local"],
        "endLocal": end_reading["local"],
        "startLabel": start_reading["label"],
        "endLabel": end_reading["label"],
        "minutes": int((end - start).total_seconds()) // 60,
        "hotfix": hotfix_flag(region, day, start, end),
    }


def days_around(text, before=1, after=1):
    centre = date.fromisoformat(text)
    return [centre + timedelta(days=n) for n in range(-before, after + 1)]


def window_rows():
    rows = []
    standard_days = {
        "US DST start": days_around("2026-03-08"),
        "US DST end": days_around("2026-11-01"),
        "EU DST start": days_around("2026-03-29"),
        "EU DST end": days_around("2026-10-25"),
        "year end": days_around("2025-12-31", before=0),
        "hotfix weeks January 2026": days_around("2026-01-02", after=8),
        "hotfix weeks November 2026": days_around("2026-11-06", after=7),
        "ordinary summer day": days_around("2026-07-15", before=0, after=0),
    }
    for region, zone_id in REGIONS.items():
        for case, days in standard_days.items():
            for day in days:
                rows.append(window_row(case, region, zone_id, STANDARD_WINDOW, day))

    custom = [
        # A customer in London with a late window crossing midnight.
        ("London late window", "eu", "Europe/London", "22:30-01:00",
         days_around("2026-01-01") + days_around("2026-03-28") + days_around("2026-10-24")),
        # Ends inside New York's gap (02:30 on 2026-03-08) and overlap (01:30 on 2026-11-01).
        ("New York window through the DST hour", "us", "America/New_York", "01:30-02:30",
         days_around("2026-03-08") + days_around("2026-11-01")),
        # Chile and Cuba change their clocks at midnight: the window start itself moves.
        ("Santiago midnight change", "us", "America/Santiago", "23:30-00:30",
         days_around("2026-04-04") + days_around("2026-09-05")),
        ("Santiago standard window", "us", "America/Santiago", STANDARD_WINDOW,
         days_around("2026-04-05") + days_around("2026-09-06")),
        ("Havana midnight change", "us", "America/Havana", STANDARD_WINDOW,
         days_around("2026-03-08") + days_around("2026-11-01")),
        # Lord Howe Island shifts by 30 minutes.
        ("Lord Howe half-hour shift", "jp", "Australia/Lord_Howe", "01:45-02:15",
         days_around("2026-04-05") + days_around("2026-10-04")),
        # A fixed-offset zone with a 45-minute offset and its own DST.
        ("Chatham long window", "jp", "Pacific/Chatham", "20:00-04:00",
         days_around("2026-04-05") + days_around("2026-09-27")),
    ]
    for case, region, zone_id, spec, days in custom:
        for day in days:
            rows.append(window_row(case, region, zone_id, spec, day))
    return rows


CONVERSION_ZONES = [
    "Europe/Paris", "America/New_York", "Asia/Tokyo", "Europe/London", "America/Santiago",
    "America/Havana", "Australia/Lord_Howe", "Pacific/Chatham", "Asia/Kolkata",
]


def transitions(zone_id, year):
    """(utc instant, offset before, offset after) of every offset change in the year."""
    zone = ZoneInfo(zone_id)
    found = []
    instant = datetime(year, 1, 1, tzinfo=UTC) - timedelta(days=1)
    previous = instant.astimezone(zone).utcoffset()
    end = datetime(year + 1, 1, 1, tzinfo=UTC) + timedelta(days=1)
    while instant < end:
        following = instant + timedelta(minutes=15)
        offset = following.astimezone(zone).utcoffset()
        if offset != previous:
            found.append((following, int(previous.total_seconds()), int(offset.total_seconds())))
            previous = offset
        instant = following
    return found


def conversion_rows():
    rows = []
    for zone_id in CONVERSION_ZONES:
        zone = ZoneInfo(zone_id)
        wall_times = set()
        changes = transitions(zone_id, 2026)
        days = {date(2025, 12, 31), date(2026, 1, 1), date(2026, 7, 1)}
        for instant, before, after in changes:
            days.add(instant.astimezone(zone).date())
            days.add((instant - timedelta(seconds=1)).astimezone(zone).date())
            naive = instant.replace(tzinfo=None)
            for edge in (naive + timedelta(seconds=before), naive + timedelta(seconds=after)):
                for minutes in (-1, 0, 1):
                    wall_times.add(edge + timedelta(minutes=minutes))
        for day in days:
            for hour in range(24):
                wall_times.add(datetime.combine(day, time(hour)))
        for wall in sorted(wall_times):
            instant = resolve(wall.date(), wall.strftime("%H:%M"), zone_id)
            read = reading(instant, zone_id)
            row = {
                "timeZone": zone_id,
                "local": wall.strftime("%Y-%m-%dT%H:%M"),
                "utc": utc_text(instant),
                "readLocal": read["local"],
                "readOffset": read["offset"],
                "readLabel": read["label"],
            }
            row.update(classify(wall, zone_id, changes))
            rows.append(row)
    return rows


def hotfix_rows():
    months = [(2025, 12)] + [(year, month) for year in (2026, 2027) for month in range(1, 13)]
    rows = []
    for region in REGIONS:
        for year, month in months:
            hotfix = hotfix_month(region, year, month)
            row = {key: (value.isoformat() if isinstance(value, date) else value)
                   for key, value in hotfix.items() if not key.endswith("Window")}
            for kind in ("preprod", "prod"):
                start, end = hotfix[kind + "Window"]
                row[kind + "StartUTC"] = utc_text(start)
                row[kind + "EndUTC"] = utc_text(end)
            rows.append(row)
    return rows


def main():
    for zone_id in CONVERSION_ZONES + list(REGIONS.values()):
        assert zone_id in available_timezones(), zone_id
    tzdata_version = "unknown"
    try:
        first_line = Path("/usr/share/zoneinfo/tzdata.zi").read_text().splitlines()[0]
        tzdata_version = first_line.removeprefix("# version ").strip()
    except (OSError, IndexError):
        pass
    sections = {
        "windows": window_rows(),
        "conversions": conversion_rows(),
        "hotfixes": hotfix_rows(),
    }
    # One row per line keeps the file readable and its diffs small.
    lines = ["{",
             f'  "generator": "scripts/make-scheduling-fixtures.py",',
             f'  "tzdata": {json.dumps(tzdata_version)},']
    names = list(sections)
    for index, name in enumerate(names):
        rows = sections[name]
        lines.append(f'  "{name}": [')
        for row_index, row in enumerate(rows):
            comma = "," if row_index < len(rows) - 1 else ""
            lines.append("    " + json.dumps(row, sort_keys=True, ensure_ascii=True) + comma)
        lines.append("  ]" + ("," if index < len(names) - 1 else ""))
    lines.append("}")
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text("\n".join(lines) + "\n")
    counts = ", ".join(f"{len(rows)} {name}" for name, rows in sections.items())
    print(f"wrote {OUTPUT.relative_to(Path.cwd()) if OUTPUT.is_relative_to(Path.cwd()) else OUTPUT}: {counts}")


if __name__ == "__main__":
    sys.exit(main())
