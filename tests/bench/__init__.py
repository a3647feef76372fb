"""The raw-SQL baselines the bench scenarios (`<app>/bench.py`) compare against.

Each is a bare WSGI handler that gunicorn serves from the checkout; the installed package never
imports them (see `congress.bench.checkout_baseline`).
"""
