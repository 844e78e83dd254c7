"""The matching engine: ranks communes for a household's needs profile, with its reasons.

Plain Python and NumPy, no Django: fed with plain data (see `profile` and `engine`), tested and
benchmarked without a database. The newcomers app reads the database and calls it.
"""
