"""`manage.py bench` and `manage.py loadtest`: the portal's figures at national scale, on a
dataset from `manage.py seed_scale`. Nothing here is reachable from the public URLs."""
