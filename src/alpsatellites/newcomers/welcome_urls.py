"""URLs of the newcomers domain: welcome."""

urlpatterns: list = []
