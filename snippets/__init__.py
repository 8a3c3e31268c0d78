"""The code of the site, one module per page.

Importing this package (or any of its modules) has no side effects: nothing is
plotted, printed or downloaded. Figure functions return a matplotlib
``Figure`` built without pyplot, so no GUI backend is ever touched.
"""
