"""The price of a booking: the cheapest tariff that applies (workspaces.pricing).

Resources are unsaved model instances: no database needed.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from alpsatellites.workspaces.models import Resource
from alpsatellites.workspaces.pricing import booking_price, is_half_day

PARIS = ZoneInfo("Europe/Paris")


def paris(day, hour, minute=0):
    return datetime.datetime(2026, 6, day, hour, minute, tzinfo=PARIS)


def desk(**prices):
    return Resource(capacity=4, **prices)


HOT_DESK = desk(
    price_hour=Decimal("5.00"), price_half_day=Decimal("12.00"), price_day=Decimal("20.00")
)


class TestSameDay:
    def test_hours_are_cheapest_for_a_short_booking(self):
        assert booking_price(HOT_DESK, paris(2, 9), paris(2, 11), 1, zone=PARIS) == Decimal("10.00")

    def test_a_started_hour_is_a_whole_hour(self):
        assert booking_price(HOT_DESK, paris(2, 9), paris(2, 10, 1), 1, zone=PARIS) == Decimal(
            "10.00"
        )

    def test_half_day_is_cheapest_for_three_hours(self):
        assert booking_price(HOT_DESK, paris(2, 9), paris(2, 12), 1, zone=PARIS) == Decimal("12.00")

    def test_four_hours_is_a_half_day(self):
        assert booking_price(HOT_DESK, paris(2, 14), paris(2, 18), 1, zone=PARIS) == Decimal(
            "12.00"
        )

    def test_the_morning_slot_is_a_half_day_even_when_longer_than_four_hours(self):
        # 08:30–13:00 is what the booking form offers as "morning" for 08:30–17:30 hours.
        assert booking_price(HOT_DESK, paris(2, 8, 30), paris(2, 13), 1, zone=PARIS) == Decimal(
            "12.00"
        )
        assert booking_price(HOT_DESK, paris(2, 13), paris(2, 17, 30), 1, zone=PARIS) == Decimal(
            "12.00"
        )

    def test_day_is_cheapest_for_a_whole_day(self):
        assert booking_price(HOT_DESK, paris(2, 8, 30), paris(2, 17, 30), 1, zone=PARIS) == Decimal(
            "20.00"
        )

    def test_five_hours_across_midday_is_not_a_half_day(self):
        assert booking_price(HOT_DESK, paris(2, 10), paris(2, 15), 1, zone=PARIS) == Decimal(
            "20.00"
        )

    def test_two_half_days_when_cheaper_than_the_day(self):
        resource = desk(price_half_day=Decimal("12.00"), price_day=Decimal("30.00"))
        assert booking_price(resource, paris(2, 8), paris(2, 18), 1, zone=PARIS) == Decimal("24.00")

    def test_half_day_only_tariff_for_a_whole_day(self):
        resource = desk(price_half_day=Decimal("12.00"))
        assert booking_price(resource, paris(2, 8), paris(2, 18), 1, zone=PARIS) == Decimal("24.00")

    def test_hour_only_tariff(self):
        resource = desk(price_hour=Decimal("7.50"))
        assert booking_price(resource, paris(2, 8), paris(2, 18), 1, zone=PARIS) == Decimal("75.00")


class TestSeveralDays:
    WEEKLY = desk(price_day=Decimal("20.00"), price_week=Decimal("80.00"))

    def test_day_price_times_days(self):
        assert booking_price(HOT_DESK, paris(1, 9), paris(3, 17), 3, zone=PARIS) == Decimal("60.00")

    def test_week_price_for_five_days(self):
        assert booking_price(self.WEEKLY, paris(1, 9), paris(5, 17), 5, zone=PARIS) == Decimal(
            "80.00"
        )

    def test_week_plus_days_when_cheaper_than_two_weeks(self):
        # 80 + 2 × 20 = 120 < 140 (7 days) < 160 (2 weeks)
        assert booking_price(self.WEEKLY, paris(1, 9), paris(7, 17), 7, zone=PARIS) == Decimal(
            "120.00"
        )

    def test_a_second_week_when_cheaper_than_the_extra_days(self):
        resource = desk(price_day=Decimal("25.00"), price_week=Decimal("80.00"))
        # 2 weeks = 160 < a week and 4 days = 180 < 9 days = 225
        assert booking_price(resource, paris(1, 9), paris(9, 17), 9, zone=PARIS) == Decimal(
            "160.00"
        )

    def test_week_price_caps_a_short_stay(self):
        resource = desk(price_day=Decimal("30.00"), price_week=Decimal("80.00"))
        assert booking_price(resource, paris(1, 9), paris(3, 17), 3, zone=PARIS) == Decimal("80.00")

    def test_week_only_tariff(self):
        resource = desk(price_week=Decimal("90.00"))
        assert booking_price(resource, paris(1, 9), paris(3, 17), 3, zone=PARIS) == Decimal("90.00")
        assert booking_price(resource, paris(1, 9), paris(7, 17), 7, zone=PARIS) == Decimal(
            "180.00"
        )

    def test_month_price(self):
        resource = desk(
            price_day=Decimal("20.00"), price_week=Decimal("80.00"), price_month=Decimal("300.00")
        )
        start = datetime.datetime(2026, 6, 1, 9, tzinfo=PARIS)
        end = datetime.datetime(2026, 6, 26, 17, tzinfo=PARIS)
        assert booking_price(resource, start, end, 20, zone=PARIS) == Decimal(
            "300.00"
        )  # < 4 weeks = 320
        # 21 days: a second month (600) costs more than 4 weeks and a day (340).
        assert booking_price(resource, start, end, 21, zone=PARIS) == Decimal("340.00")

    def test_hour_only_resource_is_not_free_over_two_days(self):
        resource = desk(price_hour=Decimal("5.00"))
        # Monday 09:00 to Tuesday 11:00 is 26 hours.
        assert booking_price(resource, paris(1, 9), paris(2, 11), 2, zone=PARIS) == Decimal(
            "130.00"
        )

    def test_half_day_only_resource_over_two_days(self):
        resource = desk(price_half_day=Decimal("12.00"))
        assert booking_price(resource, paris(1, 9), paris(2, 17), 2, zone=PARIS) == Decimal("48.00")


class TestNoTariff:
    @pytest.mark.parametrize("days", [1, 3, 25])
    def test_free(self, days):
        price = booking_price(desk(), paris(1, 9), paris(1, 10), days, zone=PARIS)
        assert price == Decimal("0.00")
        assert str(price) == "0.00"


def test_prices_have_two_decimals():
    resource = desk(price_hour=Decimal("2.5"))
    assert str(booking_price(resource, paris(2, 9), paris(2, 12), 1, zone=PARIS)) == "7.50"


class TestDaylightSaving:
    """Hours are real hours: 01:00–04:00 in Paris is 2 hours on 2026-03-29, 4 on 2026-10-25."""

    HOURLY = desk(price_hour=Decimal("10.00"))

    def test_spring_forward(self):
        start = datetime.datetime(2026, 3, 29, 1, 0, tzinfo=PARIS)
        end = datetime.datetime(2026, 3, 29, 4, 0, tzinfo=PARIS)
        assert booking_price(self.HOURLY, start, end, 1, zone=PARIS) == Decimal("20.00")

    def test_fall_back(self):
        start = datetime.datetime(2026, 10, 25, 1, 0, tzinfo=PARIS)
        end = datetime.datetime(2026, 10, 25, 4, 0, tzinfo=PARIS)
        assert booking_price(self.HOURLY, start, end, 1, zone=PARIS) == Decimal("40.00")

    def test_same_instants_in_utc_cost_the_same(self):
        start = datetime.datetime(2026, 3, 29, 1, 0, tzinfo=PARIS)
        end = datetime.datetime(2026, 3, 29, 4, 0, tzinfo=PARIS)
        assert booking_price(
            self.HOURLY, start.astimezone(datetime.UTC), end.astimezone(datetime.UTC), 1, zone=PARIS
        ) == booking_price(self.HOURLY, start, end, 1, zone=PARIS)


class TestIsHalfDay:
    @pytest.mark.parametrize(
        ("start", "end", "expected"),
        [
            (paris(2, 9), paris(2, 13), True),  # four hours
            (paris(2, 7), paris(2, 13), True),  # the whole morning
            (paris(2, 13), paris(2, 20), True),  # the whole afternoon
            (paris(2, 12, 59), paris(2, 17, 30), False),  # over midday, more than four hours
            (paris(2, 20), paris(3, 1), False),  # over midnight, five hours
            (paris(2, 22), paris(3, 1), True),  # three hours, even over midnight
        ],
    )
    def test_cases(self, start, end, expected):
        assert is_half_day(start, end, zone=PARIS) is expected

    def test_midday_is_local_time(self):
        # 06:00–11:00 UTC is 08:00–13:00 in Paris in June: a morning of five hours.
        assert is_half_day(
            datetime.datetime(2026, 6, 2, 6, tzinfo=datetime.UTC),
            datetime.datetime(2026, 6, 2, 11, tzinfo=datetime.UTC),
            zone=PARIS,
        )
        # 07:00–12:00 UTC is 09:00–14:00 Paris: over midday.
        assert not is_half_day(
            datetime.datetime(2026, 6, 2, 7, tzinfo=datetime.UTC),
            datetime.datetime(2026, 6, 2, 12, tzinfo=datetime.UTC),
            zone=PARIS,
        )
