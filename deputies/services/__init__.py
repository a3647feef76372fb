"""The deputies app's transitions: duty points (points.py) and sign-in sheets (sheets.py)."""
