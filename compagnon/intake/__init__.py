"""Contract intake: files, forms and API batches of contracts in, people identified, new masters found.

reading.py, columns.py and values.py are pure Python (no Django import); the rest is the Django app.
"""
