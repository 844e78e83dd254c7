"""AlpSatellites: a platform for rural Alpine territories welcoming remote workers."""
