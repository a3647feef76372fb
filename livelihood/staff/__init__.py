"""Staff pages (views) and the office's actions on them (actions), mounted at /staff/livelihood/."""
