"""Opening hours, seasons, closures, daylight saving and seat usage (workspaces.schedule).

The functions are plain Python: most tests need no database. Expected instants are written in
UTC so that a wrong offset shows.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest

from alpsatellites.workspaces.schedule import (
    ClosedDays,
    WeeklySlot,
    day_envelope,
    opening_slots,
    peak_usage,
    slot_span,
)

PARIS = ZoneInfo("Europe/Paris")

UTC = datetime.UTC
T = datetime.time


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


def week(opens, closes, days=range(7), **dates):
    return [WeeklySlot(day, opens, closes, **dates) for day in days]


# A usual week: Monday with a lunch break, Tuesday to Saturday in one piece, closed on Sunday.
USUAL = [
    WeeklySlot(0, T(8, 30), T(12, 0)),
    WeeklySlot(0, T(14, 0), T(18, 0)),
    *week(T(9, 0), T(17, 0), days=range(1, 6)),
]
MONDAY_SUMMER = datetime.date(2026, 6, 1)  # CEST, UTC+2
MONDAY_WINTER = datetime.date(2026, 12, 7)  # CET, UTC+1


class TestUsualWeek:
    def test_two_periods_in_summer_time(self):
        assert opening_slots(MONDAY_SUMMER, USUAL, [], zone=PARIS) == [
            (utc(2026, 6, 1, 6, 30), utc(2026, 6, 1, 10, 0)),
            (utc(2026, 6, 1, 12, 0), utc(2026, 6, 1, 16, 0)),
        ]

    def test_two_periods_in_winter_time(self):
        assert opening_slots(MONDAY_WINTER, USUAL, [], zone=PARIS) == [
            (utc(2026, 12, 7, 7, 30), utc(2026, 12, 7, 11, 0)),
            (utc(2026, 12, 7, 13, 0), utc(2026, 12, 7, 17, 0)),
        ]

    def test_slots_are_sorted_whatever_the_row_order(self):
        assert opening_slots(MONDAY_SUMMER, list(reversed(USUAL)), [], zone=PARIS) == opening_slots(
            MONDAY_SUMMER, USUAL, [], zone=PARIS
        )

    def test_slots_may_be_any_iterable(self):
        assert len(opening_slots(MONDAY_SUMMER, iter(USUAL), iter([]), zone=PARIS)) == 2

    def test_results_are_aware_and_local(self):
        (opens, _closes), _ = opening_slots(MONDAY_SUMMER, USUAL, [], zone=PARIS)
        assert opens.tzinfo is not None
        assert opens.utcoffset() == datetime.timedelta(hours=2)
        assert (opens.hour, opens.minute) == (8, 30)

    def test_one_period_day(self):
        tuesday = MONDAY_SUMMER + datetime.timedelta(days=1)
        assert opening_slots(tuesday, USUAL, [], zone=PARIS) == [
            (utc(2026, 6, 2, 7, 0), utc(2026, 6, 2, 15, 0))
        ]

    def test_day_without_rows_is_closed(self):
        sunday = datetime.date(2026, 6, 7)
        assert opening_slots(sunday, USUAL, [], zone=PARIS) == []
        assert day_envelope(sunday, USUAL, [], zone=PARIS) is None

    def test_no_rows_at_all_is_closed(self):
        assert opening_slots(MONDAY_SUMMER, [], [], zone=PARIS) == []

    def test_envelope_runs_from_first_opening_to_last_closing(self):
        assert day_envelope(MONDAY_SUMMER, USUAL, [], zone=PARIS) == (
            utc(2026, 6, 1, 6, 30),
            utc(2026, 6, 1, 16, 0),
        )


class TestSeasons:
    # Summer: longer hours Monday to Friday, and no Saturday opening.
    SUMMER = dict(valid_from=datetime.date(2026, 7, 1), valid_until=datetime.date(2026, 8, 31))
    SLOTS = [*USUAL, *week(T(7, 0), T(20, 0), days=range(5), **SUMMER)]

    def test_season_replaces_the_usual_hours_on_its_days(self):
        monday = datetime.date(2026, 7, 6)
        # Only the season's row: not the usual Monday's two periods as well.
        assert opening_slots(monday, self.SLOTS, [], zone=PARIS) == [
            (utc(2026, 7, 6, 5, 0), utc(2026, 7, 6, 18, 0))
        ]

    def test_a_weekday_the_season_leaves_out_is_closed_during_the_season(self):
        saturday_in_season = datetime.date(2026, 7, 4)
        assert opening_slots(saturday_in_season, self.SLOTS, [], zone=PARIS) == []

    def test_usual_week_before_and_after_the_season(self):
        saturday_before = datetime.date(2026, 6, 27)
        assert opening_slots(saturday_before, self.SLOTS, [], zone=PARIS) == [
            (utc(2026, 6, 27, 7, 0), utc(2026, 6, 27, 15, 0))
        ]
        tuesday_after = datetime.date(2026, 9, 1)
        assert day_envelope(tuesday_after, self.SLOTS, [], zone=PARIS) == (
            utc(2026, 9, 1, 7, 0),
            utc(2026, 9, 1, 15, 0),
        )

    @pytest.mark.parametrize("day", [datetime.date(2026, 7, 1), datetime.date(2026, 8, 31)])
    def test_season_dates_are_inclusive(self, day):
        assert day_envelope(day, self.SLOTS, [], zone=PARIS)[0].astimezone(UTC).hour == 5

    def test_open_ended_season(self):
        winter = week(T(10, 0), T(16, 0), days=[6], valid_from=datetime.date(2026, 12, 1))
        sunday = datetime.date(2026, 12, 13)
        assert day_envelope(sunday, [*USUAL, *winter], [], zone=PARIS) == (
            utc(2026, 12, 13, 9, 0),
            utc(2026, 12, 13, 15, 0),
        )
        # ...and replaces the usual Monday too, which the winter rows leave closed.
        assert day_envelope(MONDAY_WINTER, [*USUAL, *winter], [], zone=PARIS) is None

    def test_season_with_an_end_only(self):
        spring = week(T(11, 0), T(12, 0), days=[0], valid_until=datetime.date(2026, 6, 1))
        assert opening_slots(MONDAY_SUMMER, [*USUAL, *spring], [], zone=PARIS) == [
            (utc(2026, 6, 1, 9, 0), utc(2026, 6, 1, 10, 0))
        ]
        assert len(opening_slots(datetime.date(2026, 6, 8), [*USUAL, *spring], [], zone=PARIS)) == 2


class TestClosures:
    CLOSED = [ClosedDays(datetime.date(2026, 12, 24), datetime.date(2026, 12, 26))]
    SLOTS = week(T(8, 0), T(18, 0))

    @pytest.mark.parametrize("day", [24, 25, 26])
    def test_every_day_of_the_closure_is_closed(self, day):
        date = datetime.date(2026, 12, day)
        assert opening_slots(date, self.SLOTS, self.CLOSED, zone=PARIS) == []
        assert day_envelope(date, self.SLOTS, self.CLOSED, zone=PARIS) is None
        assert slot_span(date, "day", self.SLOTS, self.CLOSED, zone=PARIS) is None

    @pytest.mark.parametrize("day", [23, 27])
    def test_days_around_it_are_open(self, day):
        assert day_envelope(datetime.date(2026, 12, day), self.SLOTS, self.CLOSED, zone=PARIS) == (
            utc(2026, 12, day, 7, 0),
            utc(2026, 12, day, 17, 0),
        )

    def test_closure_wins_over_a_season(self):
        season = week(T(8, 0), T(12, 0), valid_from=datetime.date(2026, 12, 1))
        assert opening_slots(datetime.date(2026, 12, 25), season, self.CLOSED, zone=PARIS) == []


class TestDaylightSaving:
    """08:30–17:30 in Paris is 06:30–15:30 UTC in summer time and 07:30–16:30 UTC in winter."""

    SLOTS = week(T(8, 30), T(17, 30))

    def test_spring_forward_sunday(self):
        envelope = day_envelope(datetime.date(2026, 3, 29), self.SLOTS, [], zone=PARIS)
        assert envelope == (utc(2026, 3, 29, 6, 30), utc(2026, 3, 29, 15, 30))
        start, end = (instant.astimezone(UTC) for instant in envelope)
        assert end - start == datetime.timedelta(hours=9)

    def test_the_day_before_is_still_winter_time(self):
        assert day_envelope(datetime.date(2026, 3, 28), self.SLOTS, [], zone=PARIS) == (
            utc(2026, 3, 28, 7, 30),
            utc(2026, 3, 28, 16, 30),
        )

    def test_fall_back_sunday(self):
        envelope = day_envelope(datetime.date(2026, 10, 25), self.SLOTS, [], zone=PARIS)
        assert envelope == (utc(2026, 10, 25, 7, 30), utc(2026, 10, 25, 16, 30))
        start, end = (instant.astimezone(UTC) for instant in envelope)
        assert end - start == datetime.timedelta(hours=9)

    def test_the_day_before_is_still_summer_time(self):
        assert day_envelope(datetime.date(2026, 10, 24), self.SLOTS, [], zone=PARIS) == (
            utc(2026, 10, 24, 6, 30),
            utc(2026, 10, 24, 15, 30),
        )

    def test_day_slot_on_both_sundays(self):
        assert slot_span(datetime.date(2026, 3, 29), "day", self.SLOTS, [], zone=PARIS) == (
            utc(2026, 3, 29, 6, 30),
            utc(2026, 3, 29, 15, 30),
        )
        assert slot_span(datetime.date(2026, 10, 25), "day", self.SLOTS, [], zone=PARIS) == (
            utc(2026, 10, 25, 7, 30),
            utc(2026, 10, 25, 16, 30),
        )

    def test_all_day_opening_is_23_hours_long_on_the_spring_sunday(self):
        opens, closes = day_envelope(
            datetime.date(2026, 3, 29), week(T(0, 0), T(23, 59)), [], zone=PARIS
        )
        assert (opens, closes) == (utc(2026, 3, 28, 23, 0), utc(2026, 3, 29, 21, 59))
        assert closes.astimezone(UTC) - opens.astimezone(UTC) == datetime.timedelta(
            hours=22, minutes=59
        )


class TestSlotSpan:
    ONE_PERIOD = week(T(8, 30), T(17, 30))
    DAY = datetime.date(2026, 6, 2)

    def test_one_period_splits_at_one_pm(self):
        assert slot_span(self.DAY, "morning", self.ONE_PERIOD, [], zone=PARIS) == (
            utc(2026, 6, 2, 6, 30),
            utc(2026, 6, 2, 11, 0),
        )
        assert slot_span(self.DAY, "afternoon", self.ONE_PERIOD, [], zone=PARIS) == (
            utc(2026, 6, 2, 11, 0),
            utc(2026, 6, 2, 15, 30),
        )

    def test_lunch_break_gives_the_two_periods(self):
        assert slot_span(MONDAY_SUMMER, "morning", USUAL, [], zone=PARIS) == (
            utc(2026, 6, 1, 6, 30),
            utc(2026, 6, 1, 10, 0),
        )
        assert slot_span(MONDAY_SUMMER, "afternoon", USUAL, [], zone=PARIS) == (
            utc(2026, 6, 1, 12, 0),
            utc(2026, 6, 1, 16, 0),
        )
        assert slot_span(MONDAY_SUMMER, "day", USUAL, [], zone=PARIS) == (
            utc(2026, 6, 1, 6, 30),
            utc(2026, 6, 1, 16, 0),
        )

    def test_morning_only_opening_has_no_afternoon(self):
        slots = week(T(8, 0), T(12, 0))
        assert slot_span(self.DAY, "morning", slots, [], zone=PARIS) == (
            utc(2026, 6, 2, 6, 0),
            utc(2026, 6, 2, 10, 0),
        )
        assert slot_span(self.DAY, "afternoon", slots, [], zone=PARIS) is None

    def test_afternoon_only_opening_has_no_morning(self):
        slots = week(T(14, 0), T(19, 0))
        assert slot_span(self.DAY, "morning", slots, [], zone=PARIS) is None
        assert slot_span(self.DAY, "afternoon", slots, [], zone=PARIS) == (
            utc(2026, 6, 2, 12, 0),
            utc(2026, 6, 2, 17, 0),
        )


class TestPeakUsage:
    START, END = utc(2026, 6, 2, 7, 0), utc(2026, 6, 2, 16, 0)

    def span(self, start_hour, end_hour, seats=1):
        return (utc(2026, 6, 2, start_hour, 0), utc(2026, 6, 2, end_hour, 0), seats)

    def test_nothing_booked(self):
        assert peak_usage([], self.START, self.END) == 0

    def test_overlapping_spans_add_up(self):
        spans = [self.span(7, 12, 2), self.span(9, 10, 1), self.span(9, 16, 3)]
        assert peak_usage(spans, self.START, self.END) == 6

    def test_back_to_back_spans_do_not_overlap(self):
        spans = [self.span(7, 9, 2), self.span(9, 11, 2), self.span(11, 16, 2)]
        assert peak_usage(spans, self.START, self.END) == 2

    def test_back_to_back_in_any_order(self):
        spans = [self.span(11, 16, 2), self.span(9, 11, 2), self.span(7, 9, 2)]
        assert peak_usage(spans, self.START, self.END) == 2

    def test_partial_overlaps_count_only_where_they_meet(self):
        # 8–10 and 9–12 meet from 9 to 10; 11–13 meets 9–12 from 11 to 12 only.
        spans = [self.span(8, 10), self.span(9, 12), self.span(11, 13)]
        assert peak_usage(spans, self.START, self.END) == 2
        assert peak_usage([*spans, self.span(9, 11)], self.START, self.END) == 3

    def test_spans_outside_the_window_do_not_count(self):
        spans = [self.span(5, 7, 4), self.span(16, 18, 4), self.span(12, 13, 1)]
        assert peak_usage(spans, self.START, self.END) == 1

    def test_window_cuts_spans(self):
        spans = [self.span(6, 9, 2), self.span(10, 12, 2)]
        assert peak_usage(spans, utc(2026, 6, 2, 9, 0), utc(2026, 6, 2, 10, 0)) == 0
        assert peak_usage(spans, utc(2026, 6, 2, 8, 0), utc(2026, 6, 2, 11, 0)) == 2

    def test_spans_given_in_another_zone(self):
        paris = datetime.timezone(datetime.timedelta(hours=2))
        local = (
            datetime.datetime(2026, 6, 2, 11, 0, tzinfo=paris),  # 09:00 UTC
            datetime.datetime(2026, 6, 2, 12, 0, tzinfo=paris),  # 10:00 UTC
            1,
        )
        assert peak_usage([local, self.span(9, 10, 2)], self.START, self.END) == 3
        assert peak_usage([local, self.span(10, 11, 2)], self.START, self.END) == 2
