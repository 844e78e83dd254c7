"""A member's own home: where a signed-in person without a staff role lands after sign-in
(accounts.adapter), with their next bookings, workspaces to try and their support."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from alpsatellites.workspaces.member_home import member_home


@login_required
def my_home(request):
    return render(request, "www/my_home.html", {"home": member_home(request.user), "nav": "home"})
