"""Staff pages for suggestions, mounted at /staff/suggestions/ (suggestions/urls.py): the list and
the detail page (views), one POST view per action (actions), the figures (statistics), and the
columns of the downloads (exports)."""
